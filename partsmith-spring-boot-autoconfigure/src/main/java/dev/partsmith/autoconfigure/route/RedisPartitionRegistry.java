package dev.partsmith.autoconfigure.route;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.catalog.ByteLayout;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.EpochUnit;
import dev.partsmith.route.KeyColumn;
import dev.partsmith.route.PartitionMap;
import dev.partsmith.route.PartitionMapUnavailableException;
import dev.partsmith.route.RoutedPartition;

/**
 * partsmith's partition registry in Redis: one hash per table, {@code <prefix>:map:"schema"."table"}, with
 * the fields {@code version} (counts the changes, from 1), {@code map} (the table's {@link PartitionMap} as
 * JSON: its key's columns, and the partitions that take rows, each with its bounds as the catalog prints
 * them and parsed, and, when it is partitioned in turn, its own key and partitions) and {@code readAt}
 * (when the map was read from the catalog, by the database's clock, in microseconds since the epoch);
 * and one channel, {@code <prefix>:changes}, on which each new version is announced as
 * {@code {"schema":"public","table":"events","version":8}}.
 *
 * <p>{@link #publish(PartitionMap, Instant)} writes, compares and announces in one Lua script, so that
 * versions only grow, an announced version is always readable, a map equal to the stored one makes no
 * version, and a map read from the catalog before the stored one never replaces it. Thread-safe.
 */
public class RedisPartitionRegistry {

    private static final RedisScript<List> PUBLISH = RedisScript.of("""
            local stored = redis.call('HMGET', KEYS[1], 'version', 'readAt', 'map')
            local version = tonumber(stored[1]) or 0
            if stored[2] and tonumber(stored[2]) > tonumber(ARGV[2]) then
              return {version, 0}
            end
            if stored[3] == ARGV[3] then
              redis.call('HSET', KEYS[1], 'readAt', ARGV[2])
              return {version, 0}
            end
            version = redis.call('HINCRBY', KEYS[1], 'version', 1)
            redis.call('HSET', KEYS[1], 'readAt', ARGV[2], 'map', ARGV[3])
            redis.call('PUBLISH', ARGV[1], ARGV[4] .. version .. '}')
            return {version, 1}
            """, List.class);

    private static final String VERSION = "version";
    private static final String MAP = "map";

    private final StringRedisTemplate redis;
    private final String prefix;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param connectionFactory the Redis to publish to and read from
     * @param prefix the start of every key and of the channel
     */
    public RedisPartitionRegistry(RedisConnectionFactory connectionFactory, String prefix) {
        this.redis = new StringRedisTemplate(connectionFactory);
        this.prefix = prefix;
    }

    /** The hash holding the table's partition map. */
    public String mapKey(QualifiedName table) {
        return prefix + ":map:" + table.quoted();
    }

    /** The channel each new version is announced on. */
    public String channel() {
        return prefix + ":changes";
    }

    /**
     * Publishes {@code map} as the table's map: a new version, announced on the channel, unless the stored
     * map is the same or was read from the catalog later than {@code readAt}.
     *
     * @param readAt when the map was read from the catalog, by the database's clock
     * @return the version stored once done, and whether this call made it
     * @throws org.springframework.dao.DataAccessException when Redis cannot be reached
     */
    public Publication publish(PartitionMap map, Instant readAt) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("schema", map.table().schema());
        table.put("table", map.table().name());
        String announcement = json.writeValueAsString(table);
        List<?> outcome = redis.execute(PUBLISH, List.of(mapKey(map.table())), channel(),
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, readAt)), json.writeValueAsString(MapDocument.of(map)),
                announcement.substring(0, announcement.length() - 1) + ",\"" + VERSION + "\":");
        return new Publication(map.table(), ((Number) outcome.get(0)).longValue(), ((Number) outcome.get(1)).longValue() == 1);
    }

    /**
     * The table's map as the registry holds it now, with its version; empty when none was published.
     *
     * @throws PartitionMapUnavailableException when the stored map cannot be read
     * @throws org.springframework.dao.DataAccessException when Redis cannot be reached
     */
    public Optional<Entry> read(QualifiedName table) {
        List<Object> fields = redis.opsForHash().multiGet(mapKey(table), List.of(VERSION, MAP));
        if (fields.get(0) == null || fields.get(1) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Entry(Long.parseLong((String) fields.get(0)), json.readValue((String) fields.get(1), MapDocument.class).map()));
        }
        catch (JacksonException | IllegalArgumentException ex) {
            throw new PartitionMapUnavailableException("the partition map of " + table + " in Redis (" + mapKey(table) + ") cannot be read: "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * The table and version a message of the channel announces.
     *
     * @throws IllegalArgumentException when the message is not an announcement
     */
    Announcement announcement(byte[] message) {
        try {
            Map<?, ?> fields = json.readValue(new String(message, StandardCharsets.UTF_8), Map.class);
            if (fields.get("schema") instanceof String schema && fields.get("table") instanceof String name
                    && fields.get(VERSION) instanceof Number version) {
                return new Announcement(new QualifiedName(schema, name), version.longValue());
            }
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("not an announcement of a partition map: " + ex.getMessage(), ex);
        }
        throw new IllegalArgumentException("not an announcement of a partition map: " + new String(message, StandardCharsets.UTF_8));
    }

    /**
     * What {@link #publish(PartitionTree)} did.
     *
     * @param version the table's version in the registry once done
     * @param changed whether this call stored a new version (and announced it)
     */
    public record Publication(QualifiedName table, long version, boolean changed) {
    }

    /** A table's map as the registry holds it, and its version. */
    public record Entry(long version, PartitionMap map) {
    }

    /** A new version of a table's map, as the channel announces it. */
    record Announcement(QualifiedName table, long version) {
    }

    /**
     * The stored map; its JSON is the same for the same tree, so that equal maps compare equal.
     *
     * @param encoding the database's encoding, in which text keys are hashed
     * @param littleEndian whether the server hashes bytes as a little-endian machine does
     */
    record MapDocument(String schema, String table, String encoding, boolean littleEndian, KeyDocument key, List<PartitionDocument> partitions) {

        static MapDocument of(PartitionMap map) {
            return new MapDocument(map.table().schema(), map.table().name(), map.byteLayout().encoding(), map.byteLayout().littleEndian(),
                    KeyDocument.of(map), PartitionDocument.of(map));
        }

        PartitionMap map() {
            ByteLayout layout = new ByteLayout(required(encoding, "encoding"), littleEndian);
            return required(key, "key").map(new QualifiedName(required(schema, "schema"), required(table, "table")), layout, partitions);
        }
    }

    /** How a partitioned table splits its rows: the strategy and the key's columns in key order. */
    record KeyDocument(String strategy, List<ColumnDocument> columns) {

        static KeyDocument of(PartitionMap map) {
            return new KeyDocument(map.strategy().name(), map.key().stream().map(ColumnDocument::of).toList());
        }

        PartitionMap map(QualifiedName table, ByteLayout layout, List<PartitionDocument> partitions) {
            return new PartitionMap(table, PartitionKey.Strategy.valueOf(required(strategy, "strategy")),
                    required(columns, "columns").stream().map(ColumnDocument::column).toList(), layout,
                    required(partitions, "partitions").stream().map(partition -> partition.partition(layout)).toList());
        }
    }

    /**
     * One key column.
     *
     * @param name {@code null} for an expression
     * @param type as {@code format_type} prints it
     * @param epoch {@code seconds} or {@code milliseconds} for a bigint of epoch values; {@code null} otherwise
     * @param collation the key's collation; {@code null} for a type without one
     * @param deterministic whether the collation is deterministic; {@code null} without a collation
     * @param defaultOperatorClass whether the key uses its type's default operator class
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ColumnDocument(String name, String type, String epoch, String collation, Boolean deterministic, boolean defaultOperatorClass) {

        static ColumnDocument of(KeyColumn column) {
            PartitionKey.Column catalog = column.column();
            return new ColumnDocument(catalog.name(), catalog.sqlType(), column.epoch() == null ? null : column.epoch().name().toLowerCase(Locale.ROOT),
                    catalog.collation(), catalog.collation() == null ? null : catalog.deterministic(), catalog.defaultOperatorClass());
        }

        KeyColumn column() {
            return new KeyColumn(new PartitionKey.Column(name, required(type, "type"), collation, deterministic == null || deterministic,
                    defaultOperatorClass), epoch == null ? null : EpochUnit.valueOf(epoch.toUpperCase(Locale.ROOT)));
        }
    }

    /**
     * One partition: its name, its bound expression, and its bounds: {@code from} and {@code to} (one value
     * per key column) for a range, {@code in} for a list, {@code modulus} and {@code remainder} for a hash,
     * none for DEFAULT; {@code subpartitions} when it is partitioned in turn.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PartitionDocument(String schema, String name, String bound, List<BoundDocument> from, List<BoundDocument> to, List<BoundDocument> in,
            Integer modulus, Integer remainder, SubpartitionsDocument subpartitions) {

        static List<PartitionDocument> of(PartitionMap map) {
            return map.partitions().stream().map(PartitionDocument::of).toList();
        }

        static PartitionDocument of(RoutedPartition partition) {
            SubpartitionsDocument below = partition.partitioned()
                    ? new SubpartitionsDocument(KeyDocument.of(partition.subpartitions()), of(partition.subpartitions()))
                    : null;
            String schema = partition.table().schema();
            if (partition.bounds() instanceof PartitionBounds.Range range) {
                return new PartitionDocument(schema, partition.name(), partition.boundExpression(), BoundDocument.of(range.from()),
                        BoundDocument.of(range.to()), null, null, null, below);
            }
            if (partition.bounds() instanceof PartitionBounds.In in) {
                return new PartitionDocument(schema, partition.name(), partition.boundExpression(), null, null, BoundDocument.of(in.values()), null,
                        null, below);
            }
            if (partition.bounds() instanceof PartitionBounds.Hash hash) {
                return new PartitionDocument(schema, partition.name(), partition.boundExpression(), null, null, null, hash.modulus(),
                        hash.remainder(), below);
            }
            return new PartitionDocument(schema, partition.name(), partition.boundExpression(), null, null, null, null, null, below);
        }

        RoutedPartition partition(ByteLayout layout) {
            PartitionBounds bounds;
            if (from != null && to != null) {
                bounds = new PartitionBounds.Range(from.stream().map(BoundDocument::bound).toList(), to.stream().map(BoundDocument::bound).toList());
            }
            else if (in != null) {
                bounds = new PartitionBounds.In(in.stream().map(BoundDocument::bound).toList());
            }
            else if (modulus != null && remainder != null) {
                bounds = new PartitionBounds.Hash(modulus, remainder);
            }
            else if ("DEFAULT".equals(bound)) {
                bounds = new PartitionBounds.Default();
            }
            else {
                throw new IllegalArgumentException("partition " + name + " has no bounds");
            }
            QualifiedName table = new QualifiedName(required(schema, "schema"), required(name, "name"));
            return new RoutedPartition(table, required(bound, "bound"), bounds,
                    subpartitions == null ? null : required(subpartitions.key(), "key").map(table, layout, subpartitions.partitions()));
        }
    }

    /** The key and partitions of a partition that is partitioned in turn. */
    record SubpartitionsDocument(KeyDocument key, List<PartitionDocument> partitions) {
    }

    /**
     * One value of a bound.
     *
     * @param kind VALUE, MINVALUE, MAXVALUE or NULL
     * @param text a value as PostgreSQL prints it in a UTC session
     * @param point a time or integer value's point on its column's axis (microseconds since 1970 for times,
     *        the number for integers and epoch values); {@code null} for other values
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BoundDocument(String kind, String text, Long point) {

        static List<BoundDocument> of(List<PartitionBound> bounds) {
            return bounds.stream().map(bound -> bound.kind() == PartitionBound.Kind.VALUE
                    ? new BoundDocument(bound.kind().name(), bound.text(), bound.point() == null ? null : bound.point().value())
                    : new BoundDocument(bound.kind().name(), null, null)).toList();
        }

        PartitionBound bound() {
            return switch (PartitionBound.Kind.valueOf(required(kind, "kind"))) {
                case VALUE -> PartitionBound.value(point == null ? null : new KeyPoint(point), required(text, "text"));
                case MINVALUE -> PartitionBound.minValue();
                case MAXVALUE -> PartitionBound.maxValue();
                case NULL -> PartitionBound.nullValue();
            };
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        return value;
    }
}
