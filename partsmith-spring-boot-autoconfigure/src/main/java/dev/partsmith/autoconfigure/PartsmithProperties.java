package dev.partsmith.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;

import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.config.EpochUnit;
import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;

/**
 * Configuration of partsmith in a Spring Boot application (prefix {@code partsmith}): which tables it
 * keeps, when it runs, how it locks. A key partsmith does not know fails the start; so does a wrong
 * value: the properties validate themselves when they are bound, and every refused value is reported
 * with its property and where it was set.
 */
@ConfigurationProperties(prefix = "partsmith", ignoreUnknownFields = false)
public class PartsmithProperties implements Validator {

    /** Whether partsmith is switched on at all. */
    private boolean enabled = true;

    /**
     * Whether every table is maintained once while the application starts: after the database was
     * initialised (Flyway, Liquibase, spring.sql.init) and before the application reports ready.
     */
    private boolean runOnStartup = true;

    private final Schedule schedule = new Schedule();

    private final Lock lock = new Lock();

    private final Ddl ddl = new Ddl();

    private final Safety safety = new Safety();

    private final Registry registry = new Registry();

    private final Trigger trigger = new Trigger();

    private final Dashboard dashboard = new Dashboard();

    private final RuntimeTables runtimeTables = new RuntimeTables();

    /** Table properties every table inherits unless it sets them itself. */
    private final Table defaults = new Table();

    /** The tables to maintain, by a short key of your choice (the table name unless table-name says otherwise). */
    private Map<String, Table> tables = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isRunOnStartup() {
        return runOnStartup;
    }

    public void setRunOnStartup(boolean runOnStartup) {
        this.runOnStartup = runOnStartup;
    }

    public Schedule getSchedule() {
        return schedule;
    }

    public Lock getLock() {
        return lock;
    }

    public Ddl getDdl() {
        return ddl;
    }

    public Safety getSafety() {
        return safety;
    }

    public Registry getRegistry() {
        return registry;
    }

    public Trigger getTrigger() {
        return trigger;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    public RuntimeTables getRuntimeTables() {
        return runtimeTables;
    }

    public Table getDefaults() {
        return defaults;
    }

    public Map<String, Table> getTables() {
        return tables;
    }

    public void setTables(Map<String, Table> tables) {
        this.tables = tables;
    }

    @Override
    public boolean supports(Class<?> type) {
        return PartsmithProperties.class.isAssignableFrom(type);
    }

    /**
     * Checks every value, as the tables are mapped to partsmith's configs: each refused value becomes
     * an error of its property, reported by Spring Boot's bind-failure report.
     */
    @Override
    public void validate(Object target, Errors errors) {
        PartsmithProperties properties = (PartsmithProperties) target;
        List<Violation> violations = new ArrayList<>(PartsmithTables.map(properties, new DefaultResourceLoader()).violations());
        PartsmithSafety.limits(properties, violations);
        Schedule schedule = properties.getSchedule();
        if (!Schedule.DISABLED.equals(schedule.getCron().trim()) && !CronExpression.isValidExpression(schedule.getCron().trim())) {
            violations.add(new Violation("partsmith.schedule.cron", schedule.getCron(), "is not a cron expression: six fields, second minute"
                    + " hour day-of-month month day-of-week, for example \"0 7 * * * *\"; \"-\" disables scheduled runs"));
        }
        if (properties.getLock().getPrefix() == null || properties.getLock().getPrefix().isBlank()) {
            violations.add(new Violation("partsmith.lock.prefix", properties.getLock().getPrefix(), "must not be empty"));
        }
        if (properties.getLock().getTtl() == null || properties.getLock().getTtl().toMillis() < 100) {
            violations.add(new Violation("partsmith.lock.ttl", String.valueOf(properties.getLock().getTtl()),
                    "must be at least 100ms: it is how long a lock outlives a maintainer that stopped renewing it"));
        }
        RedisRegistry redisRegistry = properties.getRegistry().getRedis();
        if (redisRegistry.getPrefix() == null || redisRegistry.getPrefix().isBlank()) {
            violations.add(new Violation("partsmith.registry.redis.prefix", redisRegistry.getPrefix(), "must not be empty"));
        }
        Duration interval = properties.getTrigger().getRunway().getInterval();
        if (interval == null || interval.toMillis() < 100) {
            violations.add(new Violation("partsmith.trigger.runway.interval", String.valueOf(interval), "must be at least 100ms"));
        }
        RuntimeTables runtime = properties.getRuntimeTables();
        List<Violation> identifiers = new ArrayList<>();
        TablePartitionConfig.identifier(identifiers, "partsmith.runtime-tables.schema", runtime.getSchema());
        TablePartitionConfig.identifier(identifiers, "partsmith.runtime-tables.table-name", runtime.getTableName());
        violations.addAll(identifiers);
        String prefix = errors.getObjectName() + ".";
        for (Violation violation : violations) {
            String field = violation.field().startsWith(prefix) ? violation.field().substring(prefix.length()) : violation.field();
            ((BindingResult) errors).addError(new FieldError(errors.getObjectName(), field, violation.value(), false, null, null,
                    violation.reason()));
        }
    }

    /** Tables, tenants and list values added at run time (the PartsmithTableRegistry bean, the endpoint, the command line). */
    public static class RuntimeTables {

        /**
         * Where tables added at run time are kept: none (they last until the application stops) or database (in
         * partsmith's own table of the application's database, created on first use: they survive a restart,
         * and the command line's changes reach the application at its next run of every table).
         */
        private Store store = Store.NONE;

        /** Schema of partsmith's own table of tables added at run time. */
        private String schema = "public";

        /** Name of partsmith's own table of tables added at run time; one per application when several share a database. */
        private String tableName = "partsmith_table";

        public Store getStore() {
            return store;
        }

        public void setStore(Store store) {
            this.store = store;
        }

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }

        public String getTableName() {
            return tableName;
        }

        public void setTableName(String tableName) {
            this.tableName = tableName;
        }

        /** Where tables added at run time are kept. */
        public enum Store {

            /** Nowhere: they last until the application stops. */
            NONE,

            /** In partsmith's own table of the application's database. */
            DATABASE
        }
    }

    /** When maintenance of every table runs. */
    public static class Schedule {

        /** The value of {@link #cron} that switches scheduled maintenance off. */
        public static final String DISABLED = "-";

        /**
         * Spring cron expression (second, minute, hour, day of month, month, day of week) of the
         * maintenance runs; "-" disables scheduled runs.
         */
        private String cron = "0 7 * * * *";

        /** Time zone the cron expression is read in. */
        private ZoneId zone = ZoneId.of("UTC");

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public ZoneId getZone() {
            return zone;
        }

        public void setZone(ZoneId zone) {
            this.zone = zone;
        }
    }

    /** How partsmith makes sure one maintainer at a time works on a table. */
    public static class Lock {

        /**
         * Lock provider: auto (shedlock when the application has exactly one ShedLock LockProvider
         * bean, else advisory), advisory (PostgreSQL session advisory locks), redis (Spring Data
         * Redis), shedlock (the application's ShedLock LockProvider) or none.
         */
        private LockProvider provider = LockProvider.AUTO;

        /** Start of every lock key, which is the prefix, a colon and the table's schema-qualified name. */
        private String prefix = "partsmith";

        /**
         * How long a Redis or ShedLock lock outlives a maintainer that died without releasing it.
         * Redis locks are renewed while the run lasts; a ShedLock lock is held at most this long.
         */
        private Duration ttl = Duration.ofMinutes(10);

        public LockProvider getProvider() {
            return provider;
        }

        public void setProvider(LockProvider provider) {
            this.provider = provider;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }

    /** The lock providers {@code partsmith.lock.provider} chooses from. */
    public enum LockProvider {
        /** ShedLock when the application has exactly one ShedLock LockProvider bean, else advisory. */
        AUTO,
        /** PostgreSQL session advisory locks on a connection of the application's DataSource. */
        ADVISORY,
        /** A Redis lock through the application's RedisConnectionFactory (Spring Data Redis). */
        REDIS,
        /** The application's ShedLock LockProvider bean. */
        SHEDLOCK,
        /** No lock: only for a single maintainer that is certain to be alone. */
        NONE
    }

    /** How partsmith's DDL waits for table locks. */
    public static class Ddl {

        /** lock_timeout of every DDL transaction; a DDL never waits longer for a table lock. */
        private Duration lockTimeout = Duration.ofSeconds(1);

        /** Total time one DDL step may spend retrying after lock timeouts before it is reported and left to the next run. */
        private Duration retryBudget = Duration.ofSeconds(30);

        public Duration getLockTimeout() {
            return lockTimeout;
        }

        public void setLockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
        }

        public Duration getRetryBudget() {
            return retryBudget;
        }

        public void setRetryBudget(Duration retryBudget) {
            this.retryBudget = retryBudget;
        }
    }

    /** What partsmith checks before it trusts its own view of time, and before it runs DDL. */
    public static class Safety {

        /**
         * How far the planning clock may be from the database's now() before partsmith stops trusting
         * it: beyond it, partitions are created up to the database's time only and nothing is retired.
         * Raise it when you move a partsmithClock on purpose, for example in tests.
         */
        private Duration maxClockSkew = Duration.ofMinutes(5);

        /**
         * Whether partsmith reads the standbys' replay lag from pg_stat_replication before DDL (the
         * replication-lag breaker). The role needs the privileges of pg_read_all_stats (pg_monitor) to
         * read it; a lag it cannot read holds DDL back.
         */
        private boolean checkReplicationLag = true;

        /**
         * The highest replay lag of a standby at which partsmith still runs DDL: beyond it, no DDL runs on
         * the server for the rest of the pass, on any table.
         */
        private Duration maxReplicationLag = Duration.ofSeconds(5);

        /**
         * Database size (pg_database_size) from which partsmith adds no partition to any table; detaches
         * and drops still run. Default: no limit.
         */
        private DataSize maxDatabaseSize;

        public Duration getMaxClockSkew() {
            return maxClockSkew;
        }

        public void setMaxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
        }

        public boolean isCheckReplicationLag() {
            return checkReplicationLag;
        }

        public void setCheckReplicationLag(boolean checkReplicationLag) {
            this.checkReplicationLag = checkReplicationLag;
        }

        public Duration getMaxReplicationLag() {
            return maxReplicationLag;
        }

        public void setMaxReplicationLag(Duration maxReplicationLag) {
            this.maxReplicationLag = maxReplicationLag;
        }

        public DataSize getMaxDatabaseSize() {
            return maxDatabaseSize;
        }

        public void setMaxDatabaseSize(DataSize maxDatabaseSize) {
            this.maxDatabaseSize = maxDatabaseSize;
        }
    }

    /** Where partsmith publishes each table's partition map after every change. */
    public static class Registry {

        private final RedisRegistry redis = new RedisRegistry();

        public RedisRegistry getRedis() {
            return redis;
        }
    }

    /** The partition registry in Redis, read by the Redis PartitionRouter. */
    public static class RedisRegistry {

        /**
         * Whether each table's partition map is published to Redis (Spring Data Redis) after every partition
         * created, attached, detached or dropped, and the PartitionRouter bean reads it from there.
         */
        private boolean enabled;

        /** Start of the registry's keys (one per table: prefix:map:"schema"."table") and of its channel (prefix:changes). */
        private String prefix = "partsmith:registry";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }
    }

    /** What starts maintenance besides the cron. */
    public static class Trigger {

        private final RunwayTrigger runway = new RunwayTrigger();

        public RunwayTrigger getRunway() {
            return runway;
        }
    }

    /** A run as soon as a table's runway, judged from the tree partsmith last saw, drops below its min-runway. */
    public static class RunwayTrigger {

        /**
         * Whether a table whose runway drops below its min-runway between scheduled runs is maintained at
         * once. The runway is judged from the tree partsmith last saw and the clock, without a catalog query.
         */
        private boolean enabled;

        /** How often every table's runway is judged. */
        private Duration interval = Duration.ofMinutes(1);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** The dashboard page, served under the actuator base path at partsmith-dashboard/. */
    public static class Dashboard {

        /**
         * Whether the dashboard page is served. It reads the partsmith actuator endpoint, which must be
         * exposed; its run and dry-run buttons need write access to the endpoint.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * One level of a table's partition tree: the column it splits on and how, one of a granularity
     * (time), an interval (integers), list values or a hash modulus.
     */
    public static class Level {

        /** The column the level splits on: a timestamptz, timestamp or date (or bigint with epoch) column for a granularity, an integer column for an interval, any column for list or hash. */
        private String partitionColumn;

        /** Length of one partition's period: hour, day, week (ISO), month, quarter or year. */
        private PartitionGranularity granularity;

        /** What a bigint time column counts since 1970-01-01 UTC (seconds or milliseconds); with a granularity. */
        private EpochUnit epoch;

        /** Keys one partition of an integer column holds, instead of a granularity: 1000000 gives orders__p0, orders__p1000000, ... */
        private Long interval;

        /** Where integer intervals are aligned, and where an empty table starts; with an interval. */
        private Long start;

        /** One partition per listed value (PARTITION BY LIST), instead of a granularity. */
        private final ListPartitions list = new ListPartitions();

        /** A fixed number of partitions by hash (PARTITION BY HASH), instead of a granularity. */
        private final HashPartitions hash = new HashPartitions();

        /** Slots (periods, intervals) kept ready, counting the current one (1 to 1000). */
        private Integer createAhead;

        /** Slots (periods, intervals) kept attached, counting the current one (at least 1). Default: keep every partition. */
        private Integer retention;

        public String getPartitionColumn() {
            return partitionColumn;
        }

        public void setPartitionColumn(String partitionColumn) {
            this.partitionColumn = partitionColumn;
        }

        public PartitionGranularity getGranularity() {
            return granularity;
        }

        public void setGranularity(PartitionGranularity granularity) {
            this.granularity = granularity;
        }

        public EpochUnit getEpoch() {
            return epoch;
        }

        public void setEpoch(EpochUnit epoch) {
            this.epoch = epoch;
        }

        public Long getInterval() {
            return interval;
        }

        public void setInterval(Long interval) {
            this.interval = interval;
        }

        public Long getStart() {
            return start;
        }

        public void setStart(Long start) {
            this.start = start;
        }

        public ListPartitions getList() {
            return list;
        }

        public HashPartitions getHash() {
            return hash;
        }

        public Integer getCreateAhead() {
            return createAhead;
        }

        public void setCreateAhead(Integer createAhead) {
            this.createAhead = createAhead;
        }

        public Integer getRetention() {
            return retention;
        }

        public void setRetention(Integer retention) {
            this.retention = retention;
        }
    }

    /** The values of a LIST level. */
    public static class ListPartitions {

        /** The values, one partition each; names stay valid for any value (odd ones get a hash). */
        private List<String> values;

        /** Whether the partition of a value no longer listed is retired even while it holds rows (else it stays attached until empty). */
        private Boolean retireWithRows;

        public List<String> getValues() {
            return values;
        }

        public void setValues(List<String> values) {
            this.values = values;
        }

        public Boolean getRetireWithRows() {
            return retireWithRows;
        }

        public void setRetireWithRows(Boolean retireWithRows) {
            this.retireWithRows = retireWithRows;
        }
    }

    /** The modulus of a HASH level. */
    public static class HashPartitions {

        /** How many partitions, remainders 0 to modulus - 1 (1 to 1000); a table with another modulus is refused, never re-partitioned. */
        private Integer modulus;

        public Integer getModulus() {
            return modulus;
        }

        public void setModulus(Integer modulus) {
            this.modulus = modulus;
        }
    }

    /**
     * One tenant of a table split by tenant: its id, and the counts it may set for the level below.
     * Written as a plain id ({@code - tenant1}) or with counts ({@code - id: tenant2, create-ahead: 5}).
     */
    public static class Tenant {

        /** The tenant's value of the tenant column. */
        private String id;

        /** The create-ahead of the table's own level for this tenant's partitions. Default: the table's. */
        private Integer createAhead;

        /** The retention of the table's own level for this tenant's partitions. Default: the table's. */
        private Integer retention;

        /** A tenant written as its id alone. */
        public static Tenant valueOf(String id) {
            Tenant tenant = new Tenant();
            tenant.setId(id);
            return tenant;
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public Integer getCreateAhead() {
            return createAhead;
        }

        public void setCreateAhead(Integer createAhead) {
            this.createAhead = createAhead;
        }

        public Integer getRetention() {
            return retention;
        }

        public void setRetention(Integer retention) {
            this.retention = retention;
        }
    }

    /**
     * One table's settings: its own level (the fields of {@link Level}), optionally tenants above it
     * and subpartitions below it, and how it is maintained. Anything left unset is taken from
     * {@code partsmith.defaults}, then from partsmith's own default (listed in the configuration
     * metadata under {@code partsmith.defaults}).
     */
    public static class Table extends Level {

        /** Whether this table is maintained. */
        private Boolean enabled;

        /** Schema of the parent table. */
        private String schema;

        /** The parent table's name as stored (no quoting). Default: the key under partsmith.tables. */
        private String tableName;

        /** The tenant column of a table with one partition per tenant above its own level (PARTITION BY LIST of it, or by RANGE of it and the time column). */
        private String tenantColumn;

        /** The tenants, each with the table's own level below it; an id, or an id with its own create-ahead and retention. */
        private List<Tenant> tenants;

        /** The levels below the table's own, in order, each like a table's level (partition-column with granularity, interval, list.values or hash.modulus). */
        private List<Level> subpartitions;

        /** How long a detached partition stays before it is dropped (0: dropped in the run that detached it). */
        private Duration dropGrace;

        /** Time zone whose calendar cuts the periods (midnights, month starts). */
        private ZoneId timezone;

        /**
         * Runway of a time range (time from now until the first instant no partition covers) below which
         * health reports DOWN. Default: one period. An integer range is at risk below one interval of keys.
         */
        private Duration minRunway;

        /**
         * Which attached partitions partsmith may retire: grid (those on the table's grid, named and
         * bounded as partsmith makes them) or bounds (every partition, judged by its bounds: a range by
         * its upper bound).
         */
        private PartitionAdoption adopt;

        /**
         * The most partitions the table may have attached once a run is done (DEFAULT not counted): a run
         * that would leave more adds none; its detaches and drops still run. At least the partitions the
         * table keeps (create-ahead, plus retention when set). Default: no limit.
         */
        private Integer maxPartitions;

        /**
         * SQL run at each step of a partition's life, by step (before-create, after-create,
         * before-detach, after-detach, before-drop, after-drop): in list order, in one transaction per
         * step. Each entry is a statement ("code: ..." or a plain string) or a file of one
         * ("file: classpath:..."). A list set on a table replaces the default's list for that step.
         */
        private final Map<String, List<SqlHook>> hooks = new LinkedHashMap<>();

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }

        public String getTableName() {
            return tableName;
        }

        public void setTableName(String tableName) {
            this.tableName = tableName;
        }

        public String getTenantColumn() {
            return tenantColumn;
        }

        public void setTenantColumn(String tenantColumn) {
            this.tenantColumn = tenantColumn;
        }

        public List<Tenant> getTenants() {
            return tenants;
        }

        public void setTenants(List<Tenant> tenants) {
            this.tenants = tenants;
        }

        public List<Level> getSubpartitions() {
            return subpartitions;
        }

        public void setSubpartitions(List<Level> subpartitions) {
            this.subpartitions = subpartitions;
        }

        public Duration getDropGrace() {
            return dropGrace;
        }

        public void setDropGrace(Duration dropGrace) {
            this.dropGrace = dropGrace;
        }

        public ZoneId getTimezone() {
            return timezone;
        }

        public void setTimezone(ZoneId timezone) {
            this.timezone = timezone;
        }

        public Duration getMinRunway() {
            return minRunway;
        }

        public void setMinRunway(Duration minRunway) {
            this.minRunway = minRunway;
        }

        public PartitionAdoption getAdopt() {
            return adopt;
        }

        public void setAdopt(PartitionAdoption adopt) {
            this.adopt = adopt;
        }

        public Integer getMaxPartitions() {
            return maxPartitions;
        }

        public void setMaxPartitions(Integer maxPartitions) {
            this.maxPartitions = maxPartitions;
        }

        public Map<String, List<SqlHook>> getHooks() {
            return hooks;
        }
    }
}
