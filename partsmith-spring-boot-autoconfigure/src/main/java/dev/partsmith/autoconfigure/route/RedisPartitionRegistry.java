package dev.partsmith.autoconfigure.route;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.route.PartitionMap;
import dev.partsmith.route.PartitionMapUnavailableException;
import dev.partsmith.route.RoutedPartition;

/**
 * partsmith's partition registry in Redis: one hash per table, {@code <prefix>:map:"schema"."table"}, with
 * the fields {@code version} (counts the changes, from 1), {@code map} (the partitions that take rows as
 * JSON: each one's name and its bounds as the catalog prints them, with their points on the key's axis)
 * and {@code readAt} (when the map was read from the catalog, by the database's clock, in microseconds
 * since the epoch); and one channel, {@code <prefix>:changes}, on which each new version is announced as
 * {@code {"schema":"public","table":"events","version":8}}.
 *
 * <p>{@link #publish(PartitionTree)} writes, compares and announces in one Lua script, so that versions
 * only grow, an announced version is always readable, a map equal to the stored one makes no version, and
 * a map read from the catalog before the stored one never replaces it. Thread-safe.
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
     * Publishes the partitions of {@code tree} that take rows as the table's map: a new version, announced on
     * the channel, unless the stored map is the same or was read from the catalog later than {@code tree}.
     *
     * @return the version stored once done, and whether this call made it
     * @throws org.springframework.dao.DataAccessException when Redis cannot be reached
     */
    public Publication publish(PartitionTree tree) {
        PartitionMap map = PartitionMap.of(tree);
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("schema", map.table().schema());
        table.put("table", map.table().name());
        String announcement = json.writeValueAsString(table);
        List<?> outcome = redis.execute(PUBLISH, List.of(mapKey(map.table())), channel(),
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, tree.databaseTime())), json.writeValueAsString(MapDocument.of(map)),
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

    /** The stored map; its JSON is the same for the same partitions, so that equal maps compare equal. */
    record MapDocument(String schema, String table, String keyType, List<PartitionDocument> partitions) {

        static MapDocument of(PartitionMap map) {
            return new MapDocument(map.table().schema(), map.table().name(), map.keyType().sqlName(),
                    map.partitions().stream().map(PartitionDocument::of).toList());
        }

        PartitionMap map() {
            PartitionKeyType keyType = PartitionKeyType.fromSqlName(this.keyType);
            if (keyType == null) {
                throw new IllegalArgumentException("unknown key type '" + this.keyType + "'");
            }
            return new PartitionMap(new QualifiedName(schema, table), keyType, partitions.stream().map(PartitionDocument::partition).toList());
        }
    }

    /** One partition: its name, its bound expression, and each bound with its point ({@code null} for DEFAULT). */
    record PartitionDocument(String schema, String name, String bound, BoundDocument from, BoundDocument to, boolean defaultPartition) {

        static PartitionDocument of(RoutedPartition partition) {
            return new PartitionDocument(partition.table().schema(), partition.name(), partition.boundExpression(),
                    BoundDocument.of(partition.lower()), BoundDocument.of(partition.upper()), partition.defaultPartition());
        }

        RoutedPartition partition() {
            return new RoutedPartition(new QualifiedName(schema, name), bound, from == null ? null : from.bound(), to == null ? null : to.bound(),
                    defaultPartition);
        }
    }

    /**
     * One bound.
     *
     * @param kind VALUE, MINVALUE or MAXVALUE
     * @param text as PostgreSQL prints it in a UTC session
     * @param point its point on the key's axis, as an ISO-8601 instant
     */
    record BoundDocument(String kind, String text, String point) {

        static BoundDocument of(PartitionBound bound) {
            return bound == null ? null : new BoundDocument(bound.kind().name(), bound.text(), bound.point() == null ? null : Long.toString(bound.point().value()));
        }

        PartitionBound bound() {
            return new PartitionBound(PartitionBound.Kind.valueOf(kind), point == null ? null : new KeyPoint(Long.parseLong(point)), text);
        }
    }
}
