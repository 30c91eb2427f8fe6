package dev.partsmith.lifecycle;

import java.util.Locale;
import java.util.function.BiConsumer;

import dev.partsmith.plan.MaintenanceIssueStep;

/**
 * The six steps of a partition's life at which hooks run. A {@code before} point that throws stops
 * its operation; an {@code after} point that throws is a warning.
 */
public enum HookPoint {

    BEFORE_CREATE(PartitionLifecycleHooks::beforeCreate, MaintenanceIssueStep.BEFORE_CREATE_HOOK),
    AFTER_CREATE(PartitionLifecycleHooks::afterCreate, MaintenanceIssueStep.AFTER_CREATE_HOOK),
    BEFORE_DETACH(PartitionLifecycleHooks::beforeDetach, MaintenanceIssueStep.BEFORE_DETACH_HOOK),
    AFTER_DETACH(PartitionLifecycleHooks::afterDetach, MaintenanceIssueStep.AFTER_DETACH_HOOK),
    BEFORE_DROP(PartitionLifecycleHooks::beforeDrop, MaintenanceIssueStep.BEFORE_DROP_HOOK),
    AFTER_DROP(PartitionLifecycleHooks::afterDrop, MaintenanceIssueStep.AFTER_DROP_HOOK);

    private final BiConsumer<PartitionLifecycleHooks, PartitionContext> method;
    private final MaintenanceIssueStep step;

    HookPoint(BiConsumer<PartitionLifecycleHooks, PartitionContext> method, MaintenanceIssueStep step) {
        this.method = method;
        this.step = step;
    }

    /** Whether the point runs before its operation (and a failure stops the operation). */
    public boolean before() {
        return name().startsWith("BEFORE");
    }

    /** The name in configuration, for example {@code before-create}. */
    public String propertyName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The step a failure of a hook at this point is reported under. */
    public MaintenanceIssueStep step() {
        return step;
    }

    /** Calls the hook's method for this point. */
    void call(PartitionLifecycleHooks hooks, PartitionContext context) {
        method.accept(hooks, context);
    }
}
