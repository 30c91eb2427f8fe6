package dev.partsmith.migration;

import dev.partsmith.migration.MigrationSnapshot.Relation;

/**
 * Decides a migration's next step from its recorded state and the catalog: a pure function, no I/O.
 * Every step is detectable: the state names the next step, and the catalog must agree with it (the twin
 * partsmith created is there under its name, the sync trigger is on the old table while rows are copied).
 * Where they disagree, nothing runs and the decision says what happened and how to get out of it.
 */
public final class MigrationPlanner {

    private MigrationPlanner() {
    }

    /** The next step of {@code request}, given what {@code snapshot} shows. */
    public static MigrationDecision next(MigrationRequest request, MigrationSnapshot snapshot) {
        MigrationState state = snapshot.state().filter(recorded -> recorded.step() != MigrationStep.DONE).orElse(null);
        if (state != null) {
            return resume(request, snapshot, state);
        }
        Relation source = snapshot.source();
        if (!source.exists()) {
            return MigrationDecision.refused("table " + request.table() + " does not exist");
        }
        if (inTargetForm(request, source)) {
            return MigrationDecision.finished(snapshot.state()
                    .filter(done -> done.direction() == request.direction() && done.twinOid() == source.oid())
                    .map(done -> request.table() + " was " + request.verb() + "ed at " + done.updatedAt() + "; the old table is kept as "
                            + request.retired())
                    .orElse(request.table() + " is " + (request.direction() == MigrationDirection.PARTITION ? "partitioned" : "a plain table")
                            + " already: nothing to do"));
        }
        if (!inStartForm(request, source)) {
            return MigrationDecision.refused(request.table() + " is not a " + (request.direction() == MigrationDirection.PARTITION
                    ? "plain table" : "partitioned table") + " (relkind '" + source.kind() + "'); partsmith can only " + request.verb()
                    + " a " + (request.direction() == MigrationDirection.PARTITION ? "plain" : "partitioned") + " table");
        }
        if (snapshot.twin().exists()) {
            return MigrationDecision.refused("a relation named " + request.twin() + " exists, and partsmith has no migration of "
                    + request.table() + " that created it; drop or rename it, then " + request.verb() + " again");
        }
        if (snapshot.retired().exists()) {
            return MigrationDecision.refused(retiredExists(request));
        }
        return MigrationDecision.run(MigrationStep.CREATE_TWIN);
    }

    private static MigrationDecision resume(MigrationRequest request, MigrationSnapshot snapshot, MigrationState state) {
        String other = state.direction() == MigrationDirection.PARTITION ? "partitioning" : "unpartitioning";
        if (state.direction() != request.direction()) {
            return MigrationDecision.refused("the " + other + " of " + request.table() + " is in progress (next step " + state.step()
                    + "); finish it with the same command, or abort it");
        }
        if (snapshot.source().oid() != state.sourceOid()) {
            return MigrationDecision.refused(request.table() + " is no longer the table the " + other + " started from (it was dropped,"
                    + " renamed or replaced); abort the " + other + " to remove what it left");
        }
        if (snapshot.twin().oid() != state.twinOid()) {
            return MigrationDecision.refused("the new table " + request.twin() + " that the " + other + " of " + request.table()
                    + " created is gone or was replaced; abort the " + other + " and start again");
        }
        if (state.step().compareTo(MigrationStep.COPY) >= 0 && !snapshot.syncInstalled()) {
            return MigrationDecision.refused("partsmith's sync trigger on " + request.table() + " is gone, so rows written since it was"
                    + " dropped may be missing from " + request.twin() + "; abort the " + other + " and start again");
        }
        if (state.step() == MigrationStep.SWAP && snapshot.retired().exists()) {
            return MigrationDecision.refused(retiredExists(request));
        }
        return MigrationDecision.run(state.step());
    }

    /** The step that follows {@code step} in {@code direction}: unpartitioning has no partitions to create. */
    public static MigrationStep after(MigrationStep step, MigrationDirection direction) {
        if (step == MigrationStep.DONE) {
            throw new IllegalArgumentException("nothing follows " + step);
        }
        MigrationStep next = MigrationStep.values()[step.ordinal() + 1];
        return next == MigrationStep.CREATE_PARTITIONS && direction == MigrationDirection.UNPARTITION ? MigrationStep.INSTALL_SYNC : next;
    }

    private static String retiredExists(MigrationRequest request) {
        return "a relation named " + request.retired() + " exists (the table an earlier migration kept?); the swap renames "
                + request.table() + " to that name: drop or rename it, then " + request.verb() + " again";
    }

    private static boolean inTargetForm(MigrationRequest request, Relation source) {
        return request.direction() == MigrationDirection.PARTITION ? source.partitioned() : source.plainTable();
    }

    private static boolean inStartForm(MigrationRequest request, Relation source) {
        return request.direction() == MigrationDirection.PARTITION ? source.plainTable() : source.partitioned();
    }
}
