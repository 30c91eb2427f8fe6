package dev.partsmith.autoconfigure.route;

import org.springframework.context.ApplicationEvent;

import dev.partsmith.catalog.QualifiedName;

/**
 * The Redis registry announced a new version of a table's partition map, and the {@link RedisPartitionRouter}
 * has dropped the map it held: from now on it answers from this version or a newer one. Published on the
 * thread that received the announcement; the source is the router.
 */
public class PartitionMapChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final QualifiedName table;
    private final long version;

    public PartitionMapChangedEvent(RedisPartitionRouter router, QualifiedName table, long version) {
        super(router);
        this.table = table;
        this.version = version;
    }

    /** The partitioned table whose map changed. */
    public QualifiedName table() {
        return table;
    }

    /** The version announced. */
    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return "PartitionMapChangedEvent[" + table + " version " + version + "]";
    }
}
