package dev.partsmith.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.lifecycle.HookPoint;

/**
 * Configuration of partsmith in a Spring Boot application (prefix {@code partsmith}): which tables it
 * keeps, when it runs, how it locks. Values are checked when the application starts; a wrong one
 * stops the start with a message naming the property.
 */
@ConfigurationProperties(prefix = "partsmith", ignoreUnknownFields = false)
public class PartsmithProperties {

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

    public Table getDefaults() {
        return defaults;
    }

    public Map<String, Table> getTables() {
        return tables;
    }

    public void setTables(Map<String, Table> tables) {
        this.tables = tables;
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

    /** What partsmith checks before it trusts its own view of time. */
    public static class Safety {

        /**
         * How far the planning clock may be from the database's now() before partsmith stops trusting
         * it: beyond it, partitions are created up to the database's time only and nothing is retired.
         * Raise it when you move a partsmithClock on purpose, for example in tests.
         */
        private Duration maxClockSkew = Duration.ofMinutes(5);

        public Duration getMaxClockSkew() {
            return maxClockSkew;
        }

        public void setMaxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
        }
    }

    /**
     * One table's settings. Anything left unset is taken from {@code partsmith.defaults}, then from
     * partsmith's own default.
     */
    public static class Table {

        /** Whether this table is maintained. Default true. */
        private Boolean enabled;

        /** Schema of the parent table. Default public. */
        private String schema;

        /** The parent table's name as stored (no quoting). Default: the key under partsmith.tables. */
        private String tableName;

        /** The range key column of the parent (timestamptz, timestamp or date). Required. */
        private String partitionColumn;

        /** Length of one partition's period: hour, day, week (ISO), month, quarter or year. Required. */
        private PartitionGranularity granularity;

        /** Periods kept ready, counting the current one (1 to 1000). Default 3. */
        private Integer createAhead;

        /** Periods kept attached, counting the current one (at least 1). Default: keep every partition. */
        private Integer retention;

        /** How long a detached partition stays before it is dropped. Default 0: dropped in the run that detached it. */
        private Duration dropGrace;

        /** Time zone whose calendar cuts the periods (midnights, month starts). Default UTC. */
        private ZoneId timezone;

        /**
         * Runway (time from now until the first instant no partition covers) below which health reports
         * DOWN. Default: one period.
         */
        private Duration minRunway;

        /**
         * Which attached partitions partsmith may retire: grid (those on the table's period grid, named
         * and bounded as partsmith makes them) or bounds (every partition, judged by its upper bound).
         * Default grid.
         */
        private PartitionAdoption adopt;

        private final Hooks hooks = new Hooks();

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

        public Hooks getHooks() {
            return hooks;
        }
    }

    /**
     * SQL statements run at each step of a partition's life, in list order and in one transaction per
     * step. Placeholders: {schema}, {parent} and {partition} (quoted identifiers), {partition_name}
     * (a string literal), and at create and before-detach {from} and {to} (the bounds as literals).
     * A list set on a table replaces the default's list for that step.
     */
    public static class Hooks {

        /** Run before a partition is created; a failure stops that creation. */
        private List<String> beforeCreate;

        /** Run after a partition was created and attached; a failure is a warning. */
        private List<String> afterCreate;

        /** Run before an expired partition is detached; a failure stops that detach. */
        private List<String> beforeDetach;

        /** Run after a partition was detached; a failure is a warning. */
        private List<String> afterDetach;

        /** Run before a detached partition is dropped (the last chance to read it); a failure keeps it for the next run. */
        private List<String> beforeDrop;

        /** Run after a detached partition was dropped; a failure is a warning. */
        private List<String> afterDrop;

        public List<String> getBeforeCreate() {
            return beforeCreate;
        }

        public void setBeforeCreate(List<String> beforeCreate) {
            this.beforeCreate = beforeCreate;
        }

        public List<String> getAfterCreate() {
            return afterCreate;
        }

        public void setAfterCreate(List<String> afterCreate) {
            this.afterCreate = afterCreate;
        }

        public List<String> getBeforeDetach() {
            return beforeDetach;
        }

        public void setBeforeDetach(List<String> beforeDetach) {
            this.beforeDetach = beforeDetach;
        }

        public List<String> getAfterDetach() {
            return afterDetach;
        }

        public void setAfterDetach(List<String> afterDetach) {
            this.afterDetach = afterDetach;
        }

        public List<String> getBeforeDrop() {
            return beforeDrop;
        }

        public void setBeforeDrop(List<String> beforeDrop) {
            this.beforeDrop = beforeDrop;
        }

        public List<String> getAfterDrop() {
            return afterDrop;
        }

        public void setAfterDrop(List<String> afterDrop) {
            this.afterDrop = afterDrop;
        }

        /** The list set for a step, or {@code null} when it was not set. */
        List<String> get(HookPoint point) {
            return switch (point) {
                case BEFORE_CREATE -> beforeCreate;
                case AFTER_CREATE -> afterCreate;
                case BEFORE_DETACH -> beforeDetach;
                case AFTER_DETACH -> afterDetach;
                case BEFORE_DROP -> beforeDrop;
                case AFTER_DROP -> afterDrop;
            };
        }
    }
}
