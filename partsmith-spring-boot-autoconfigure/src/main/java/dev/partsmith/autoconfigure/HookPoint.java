package dev.partsmith.autoconfigure;

import java.util.Set;

/** The six steps of a partition's life at which SQL hooks ({@code partsmith.tables.<key>.hooks.<point>}) run. */
public enum HookPoint {

    BEFORE_CREATE("before-create", true),
    AFTER_CREATE("after-create", true),
    BEFORE_DETACH("before-detach", true),
    AFTER_DETACH("after-detach", false),
    BEFORE_DROP("before-drop", false),
    AFTER_DROP("after-drop", false);

    private static final Set<String> NAMES = Set.of("schema", "parent", "partition", "partition_name");

    private static final Set<String> NAMES_WITH_BOUNDS = Set.of("schema", "parent", "partition", "partition_name", "from", "to");

    private final String propertyName;
    private final boolean knowsBounds;

    HookPoint(String propertyName, boolean knowsBounds) {
        this.propertyName = propertyName;
        this.knowsBounds = knowsBounds;
    }

    /** The name under {@code hooks.}, for example {@code before-create}. */
    public String propertyName() {
        return propertyName;
    }

    /**
     * The placeholders a statement may use at this step. The bounds are known while a partition is
     * attached (create, before-detach); after the detach only its name is.
     */
    public Set<String> placeholders() {
        return knowsBounds ? NAMES_WITH_BOUNDS : NAMES;
    }
}
