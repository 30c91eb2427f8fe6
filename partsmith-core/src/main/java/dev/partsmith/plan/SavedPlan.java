package dev.partsmith.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;

/**
 * A plan kept to be applied later exactly as it was reviewed: for each table, its operations, each with
 * the identity of the objects it acts on as the catalog showed them when the plan was made (OIDs,
 * names, bounds, markers). Plain data, written and read as JSON by the command line.
 *
 * <p>Applying it ({@code PartitionMaintainer.apply}) plans the table again under its lock and runs a saved
 * step only when the new plan has the same operation on objects of the same identity. When any step of a
 * table is refused, none of that table's steps runs. Right before each step runs, the catalog is read
 * again and the OIDs of its tables checked once more ({@link Step#identityChange}); a step refused then
 * stops the table's remaining steps. Operations the new plan has that the saved one lacks are not run.
 *
 * @param version the format's version, {@link #VERSION}; a plan of another version is refused
 * @param plannedAt the planning clock's instant the plan was made at
 * @param tables each table's steps, in the order they were planned
 */
public record SavedPlan(int version, Instant plannedAt, List<Table> tables) {

    /** The version of the format this code writes and reads. */
    public static final int VERSION = 1;

    /**
     * @throws IllegalArgumentException when {@code version} is not {@link #VERSION}
     */
    public SavedPlan {
        if (version != VERSION) {
            throw new IllegalArgumentException("the plan was saved in version " + version + " of the format; this partsmith applies version "
                    + VERSION + ": plan and save it again");
        }
        Objects.requireNonNull(plannedAt, "plannedAt");
        tables = List.copyOf(tables);
    }

    /**
     * One table's saved steps.
     *
     * @param table the managed parent
     * @param oid its OID when the plan was made
     * @param steps its operations, in plan order
     */
    public record Table(QualifiedName table, long oid, List<Step> steps) {

        public Table {
            Objects.requireNonNull(table, "table");
            steps = List.copyOf(steps);
        }

        /** The steps of {@code plan}, with the identities {@code tree} (the snapshot it was made from) gives their objects. */
        public static Table of(MaintenancePlan plan, PartitionTree tree) {
            return new Table(tree.parent(), tree.root().oid(), plan.operations().stream().map(operation -> Step.of(operation, tree)).toList());
        }

        /** Why one of these steps is refused, naming the step by its number and what it does. */
        public String refusal(Step step, String why) {
            return "step " + (steps.indexOf(step) + 1) + " (" + step.description() + ") refused: " + why;
        }

        /**
         * Which of a new plan's operations carry out these steps, judged against the snapshot the new plan
         * was made from: the operations, in the saved order, when every step has its match; otherwise the
         * reason each refused step is refused, and no operation.
         */
        public Selection select(MaintenancePlan plan, PartitionTree tree) {
            List<String> refusals = new ArrayList<>();
            if (tree.root().oid() != oid) {
                refusals.add(table + " is OID " + tree.root().oid() + " now, the plan was made for OID " + oid + " (dropped and created again)");
                return new Selection(List.of(), List.of(), refusals, List.of());
            }
            List<PartitionOperation> chosen = new ArrayList<>();
            List<Step> matched = new ArrayList<>();
            for (Step step : steps) {
                Optional<PartitionOperation> match = plan.operations().stream()
                        .filter(operation -> !chosen.contains(operation) && Step.of(operation, tree).sameOperation(step)).findFirst();
                String refusal = match.isPresent() ? step.changes(Step.of(match.get(), tree)).orElse(null) : step.notPlanned(tree);
                if (refusal != null) {
                    refusals.add(refusal(step, refusal));
                }
                else {
                    chosen.add(match.get());
                    matched.add(step);
                }
            }
            List<PartitionOperation> unsaved = plan.operations().stream().filter(operation -> !chosen.contains(operation)).toList();
            return refusals.isEmpty() ? new Selection(chosen, matched, List.of(), unsaved) : new Selection(List.of(), List.of(), refusals, unsaved);
        }
    }

    /**
     * What applying a table's saved steps comes to.
     *
     * @param operations what to run, in the saved order; empty when a step is refused
     * @param steps the saved step of each of {@code operations}, in the same order
     * @param refusals why steps are refused, each naming its step and object
     * @param unsaved operations the new plan has that the saved one does not; never run
     */
    public record Selection(List<PartitionOperation> operations, List<Step> steps, List<String> refusals, List<PartitionOperation> unsaved) {
    }

    /**
     * One operation and the identity of what it acts on.
     *
     * @param action {@code create}, {@code attach}, {@code finalize-detach}, {@code detach}, {@code drop} or
     *        {@code clear-orphan-marker}
     * @param parent the partitioned table it works under
     * @param parentOid that table's OID; 0 when it was not known
     * @param partition the partition or table it is about
     * @param partitionOid that table's OID; 0 for a table to be created
     * @param bounds the bounds the operation gives the table, or those it had ({@code FOR VALUES ...}); {@code null} when none
     * @param marker partsmith's marker on the table (its COMMENT); {@code null} when it had none
     * @param description what it does, in words
     */
    public record Step(String action, QualifiedName parent, long parentOid, QualifiedName partition, long partitionOid, String bounds,
            String marker, String description) {

        public Step {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(partition, "partition");
        }

        /** {@code operation} with the identities of its objects in {@code tree}. */
        static Step of(PartitionOperation operation, PartitionTree tree) {
            Optional<PartitionInfo> table = tables(tree).filter(info -> info.table().equals(operation.partition())).findFirst();
            long parentOid = tree.root().nodes().stream().filter(node -> node.table().equals(operation.parent())).mapToLong(PartitionNode::oid)
                    .findFirst().orElse(0);
            String bounds;
            if (operation instanceof CreatePartition create) {
                bounds = create.bounds().forValues();
            }
            else if (operation instanceof AttachPartition attach) {
                bounds = attach.bounds().forValues();
            }
            else if (operation instanceof DetachPartition detach) {
                bounds = detach.info().boundExpression();
            }
            else if (operation instanceof DropPartition drop) {
                bounds = drop.info().boundExpression();
            }
            else {
                bounds = table.map(PartitionInfo::boundExpression).orElse(null);
            }
            return new Step(action(operation), operation.parent(), parentOid, operation.partition(), table.map(PartitionInfo::oid).orElse(0L),
                    bounds, table.map(PartitionInfo::marker).map(marker -> marker.format()).orElse(null), operation.describe());
        }

        private static String action(PartitionOperation operation) {
            if (operation instanceof CreatePartition) {
                return "create";
            }
            if (operation instanceof AttachPartition) {
                return "attach";
            }
            if (operation instanceof FinalizeDetach) {
                return "finalize-detach";
            }
            if (operation instanceof DetachPartition) {
                return "detach";
            }
            return operation instanceof DropPartition ? "drop" : "clear-orphan-marker";
        }

        /** Every table of the snapshot: partitions and marked tables at any depth. */
        private static Stream<PartitionInfo> tables(PartitionTree tree) {
            return tree.root().nodes().stream().flatMap(node -> Stream.concat(node.partitions().stream(), node.markedTables().stream()));
        }

        boolean sameOperation(Step other) {
            return action.equals(other.action) && parent.equals(other.parent) && partition.equals(other.partition);
        }

        /** How the same operation planned now differs in what it acts on; empty when it does not. */
        Optional<String> changes(Step now) {
            if (now.parentOid != parentOid) {
                return Optional.of(parent + " is OID " + now.parentOid + " now, the plan was made for OID " + parentOid + " (dropped and created again)");
            }
            if (now.partitionOid != partitionOid) {
                return Optional.of(partitionOid == 0 ? partition + " exists now (OID " + now.partitionOid + ")"
                        : partition + " is OID " + now.partitionOid + " now, the plan was made for OID " + partitionOid + " (dropped and created again)");
            }
            if (!Objects.equals(now.bounds, bounds)) {
                return Optional.of("the bounds of " + partition + " are " + now.bounds + " now, the plan was made for " + bounds);
            }
            if (!Objects.equals(now.marker, marker)) {
                return Optional.of("the marker of " + partition + " is " + quoted(now.marker) + " now, the plan saw " + quoted(marker));
            }
            return Optional.empty();
        }

        /**
         * How the tables of this step are no longer those it was planned for, by OID, in a snapshot read right
         * before it runs: its parent under its name has another OID, or its table (a table to create: any table)
         * under its name is another or none. Bounds and markers are not compared: earlier steps of the same plan
         * change them (a detach writes a marker). Empty when they are the same.
         */
        public Optional<String> identityChange(PartitionTree tree) {
            long parentNow = tree.root().nodes().stream().filter(node -> node.table().equals(parent)).mapToLong(PartitionNode::oid).findFirst()
                    .orElse(0);
            if (parentNow != parentOid) {
                return Optional.of(parentNow == 0 ? parent + " (OID " + parentOid + ") is gone"
                        : parent + " is OID " + parentNow + " now, the plan was made for OID " + parentOid + " (dropped and created again)");
            }
            Optional<PartitionInfo> byName = tables(tree).filter(info -> info.table().equals(partition)).findFirst();
            if (partitionOid == 0) {
                return byName.map(info -> partition + " exists now (OID " + info.oid() + ")");
            }
            if (byName.isPresent() && byName.get().oid() == partitionOid) {
                return Optional.empty();
            }
            return Optional.of(notPlanned(tree));
        }

        /** Why an operation planned no more is refused, from what the snapshot shows of its table. */
        String notPlanned(PartitionTree tree) {
            Optional<PartitionInfo> byOid = partitionOid == 0 ? Optional.empty()
                    : tables(tree).filter(info -> info.oid() == partitionOid).findFirst();
            Optional<PartitionInfo> byName = tables(tree).filter(info -> info.table().equals(partition)).findFirst();
            String what;
            if (byOid.isPresent() && !byOid.get().table().equals(partition)) {
                what = partition + " (OID " + partitionOid + ") was renamed to " + byOid.get().table();
            }
            else if (partitionOid != 0 && byOid.isEmpty()) {
                what = byName.map(info -> partition + " is OID " + info.oid() + " now, the plan was made for OID " + partitionOid
                        + " (dropped and created again)").orElse(partition + " (OID " + partitionOid + ") is gone");
            }
            else if (partitionOid == 0 && byName.isPresent()) {
                what = partition + " exists now (OID " + byName.get().oid() + ")";
            }
            else {
                what = "a plan made now has no " + action.replace('-', ' ') + " of " + partition + " (already done, or no longer wanted)";
            }
            return what;
        }

        private static String quoted(String marker) {
            return marker == null ? "none" : "'" + marker + "'";
        }
    }
}
