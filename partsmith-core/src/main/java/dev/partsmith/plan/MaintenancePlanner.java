package dev.partsmith.plan;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.HashLevel;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.RangeLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.config.TimeLevel;
import dev.partsmith.period.Period;

/**
 * Decides one run's operations. A pure function of (config, now, catalog snapshot): no I/O, no clock
 * of its own, the same answer for the same input.
 *
 * <p>The tree is planned one partitioned table at a time, from the managed parent down, each by the
 * level its depth has in the config ({@link NodeShape}):
 * <ul>
 * <li>Time: the planning clock is held against the database's clock in the snapshot; beyond
 * {@link TablePartitionConfig#maxClockSkew()}, creations are planned for the database's time and
 * nothing is retired.</li>
 * <li>A range level ({@link RangePlanning}) wants the current slot (holding now, or the highest key in
 * use) and the next ones up to its create-ahead, plus the slots missed since its newest partition
 * within retention, and retires what falls out of retention. A LIST level wants one partition per
 * listed value and retires the partition of a value no longer listed once it is empty. A HASH level
 * wants every remainder of its modulus and refuses partitions of another modulus.</li>
 * <li>A wanted partition is present when an attached partition holds exactly its bounds; partsmith's
 * own detached table of its name and bounds is attached back, and a new one is created otherwise. A
 * new partition with levels below it is planned whole, built before its attach.</li>
 * <li>Ownership: only partitions on a level's grid are retired, unless the table adopts every
 * partition by its bounds ({@link PartitionOwnership}); the others are listed as not managed.</li>
 * <li>Dropped: partsmith's orphans whose grace has elapsed; with zero grace, the partitions this run
 * detaches. A table never attached and no longer wanted is dropped when empty.</li>
 * <li>On a standby, nothing is planned: the plan says the server is in recovery.</li>
 * </ul>
 */
public final class MaintenancePlanner {

    /** Why nothing is planned or run on a standby. */
    public static final String STANDBY = "the database is in recovery (a standby, pg_is_in_recovery() is true): nothing runs here;"
            + " partitions are maintained on the primary";

    private MaintenancePlanner() {
    }

    /** The plan for {@code config}'s table at {@code now}, given its catalog snapshot. */
    public static MaintenancePlan plan(TablePartitionConfig config, Instant now, PartitionTree tree) {
        ClockCheck clock = new ClockCheck(now, tree.databaseTime(), config.maxClockSkew());
        Draft draft = new Draft(config, tree, clock);
        draft.node(tree.root(), 0, null, true, List.of(), draft.creations);
        if (tree.inRecovery() || !tree.mayManage()) {
            // The tree is walked all the same, for the coverage a status reports; nothing of it runs.
            draft.discardOperations();
            draft.issues.add(tree.inRecovery() ? MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, null, STANDBY)
                    : MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, "the current role neither owns " + tree.parent()
                            + " nor is a member of its owner role '" + tree.owner()
                            + "'; ATTACH, DETACH and DROP need the owner's rights, so nothing is planned"));
            return draft.build(now);
        }
        if (!clock.trusted()) {
            draft.issues.add(0, MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, null, clock.distrust()));
        }
        return draft.build(now);
    }

    /** A plan being made: the operations by kind, in the order they run, and what the planner found. */
    static final class Draft {

        final TablePartitionConfig config;
        final PartitionTree tree;
        final ClockCheck clock;
        final List<PartitionOperation> creations = new ArrayList<>();
        final List<PartitionOperation> finalizes = new ArrayList<>();
        final List<PartitionOperation> retirements = new ArrayList<>();
        final List<PartitionOperation> abandoned = new ArrayList<>();
        final List<PartitionOperation> orphanDrops = new ArrayList<>();
        final List<MaintenanceIssue> issues = new ArrayList<>();
        final List<NotManagedPartition> notManaged = new ArrayList<>();
        final List<Coverage> coverage = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        /** Ranges kept within the ranges of a level above on the same column, by level and leading values: their partitions so far. */
        private final java.util.Map<String, NestedRange> nestedRanges = new java.util.LinkedHashMap<>();

        Draft(TablePartitionConfig config, PartitionTree tree, ClockCheck clock) {
            this.config = config;
            this.tree = tree;
            this.clock = clock;
        }

        /** Adds the partitions of one table of a range that a level above on the same column splits (the days of one month). */
        void nestedRange(String group, RangeLevel level, PartitionKeyType keyType, List<String> prefix, KeyPoint point, String literal,
                List<PartitionInfo> partitions) {
            nestedRanges.computeIfAbsent(group, key -> new NestedRange(level, keyType, prefix, point, literal, new ArrayList<>()))
                    .partitions().addAll(partitions);
        }

        /** Keeps what the walk found of the tree, drops what it would do. */
        void discardOperations() {
            List.of(creations, finalizes, retirements, abandoned, orphanDrops, issues).forEach(List::clear);
        }

        MaintenancePlan build(Instant now) {
            for (NestedRange range : nestedRanges.values()) {
                PartitionNode all = new PartitionNode(tree.parent(), tree.key(), range.partitions(), List.of());
                coverage.add(new Coverage(tree.parent(), range.prefix(), range.level(), range.keyType(), range.point(), range.literal(),
                        all.coveredUntil(range.prefix(), range.point()).orElse(null), all.partitionsStartingAtOrAfter(range.prefix(), range.point())));
            }
            nestedRanges.clear();
            List<PartitionOperation> operations = new ArrayList<>(creations);
            operations.addAll(finalizes);
            operations.addAll(retirements);
            operations.addAll(abandoned);
            operations.addAll(orphanDrops);
            Period current = null;
            ZonedDateTime retainFrom = null;
            Optional<TimeLevel> time = config.levels().stream().filter(TimeLevel.class::isInstance).map(TimeLevel.class::cast).findFirst();
            if (time.isPresent()) {
                ZoneId zone = config.timezone();
                current = time.get().calculator().periodContaining(LocalDateTime.ofInstant(clock.planningTime(), zone));
                Period first = current;
                retainFrom = time.get().retentionCount().map(count -> time.get().calculator().shift(first, -(count - 1)).start().atZone(zone))
                        .orElse(null);
            }
            return new MaintenancePlan(tree.parent(), now, clock, current, retainFrom, operations, issues, notManaged, coverage, missing);
        }

        /**
         * Plans one partitioned table and, through it, the tables below it.
         *
         * @param depth the index of its level in the config
         * @param override the counts a list value above sets for the range level of this table; {@code null} for the level's own
         * @param real whether the table is attached where rows arrive (its coverage is reported); not a planned or detached one
         * @param within the ranges the table's own bounds, and those of the tables above it, hold it to
         * @param sink where creations and attaches under it go: the plan's, or a new subtree's
         */
        void node(PartitionNode node, int depth, ListValue override, boolean real, List<Within> within, List<PartitionOperation> sink) {
            NodeShape shape;
            try {
                shape = NodeShape.of(config, depth, node.table(), node.key());
            }
            catch (IllegalArgumentException ex) {
                issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, node.table().toString(), ex.getMessage()
                        + "; nothing is planned under it"));
                return;
            }
            Node context = new Node(this, node, shape, real, within, sink);
            context.classifyMarked();
            if (shape.level() instanceof RangeLevel range) {
                RangeAxis axis = RangeAxis.of(range, shape.rangeType(), config.timezone());
                if (shape.prefixLevel() != null) {
                    ListLevel prefixLevel = shape.prefixLevel();
                    context.classify(partition -> RangePlanning.compositeGrid(context, axis, partition));
                    for (ListValue value : prefixLevel.values()) {
                        new RangePlanning(context, axis, List.of(value.value()), value.counts(range), value).plan();
                    }
                    context.retireUnlisted(prefixLevel, partition -> partition.range() == null || partition.range().prefix() == null ? null
                            : partition.range().prefix().get(0));
                }
                else {
                    context.classify(partition -> RangePlanning.grid(context, axis, List.of(), partition));
                    new RangePlanning(context, axis, List.of(), override == null ? range : override.counts(range), null).plan();
                }
            }
            else if (shape.level() instanceof ListLevel list) {
                context.classify(partition -> context.listGrid(partition));
                context.list(list);
            }
            else {
                context.hash((HashLevel) shape.level());
            }
            context.retireMarked();
        }
    }

    /** The partitions, across the tables of a level above on the same column, of one range level, and its current point. */
    private record NestedRange(RangeLevel level, PartitionKeyType keyType, List<String> prefix, KeyPoint point, String literal,
            List<PartitionInfo> partitions) {
    }

    /**
     * A range that a partitioned table's partitions keep to: its own bounds (or those of a table above
     * it) on one column.
     *
     * @param column the column
     * @param from the first point the table holds
     * @param to the first point after it
     */
    record Within(String column, KeyPoint from, KeyPoint to) {

        /** Whether {@code [slotFrom, slotTo)} of {@code slotColumn} lies inside this range (always, for another column). */
        boolean holds(String slotColumn, KeyPoint slotFrom, KeyPoint slotTo) {
            return !column.equals(slotColumn) || !slotFrom.isBefore(from) && !slotTo.isAfter(to);
        }

        /** Whether {@code point} of {@code pointColumn} lies inside this range (always, for another column). */
        boolean holds(String pointColumn, KeyPoint point) {
            return !column.equals(pointColumn) || !point.isBefore(from) && point.isBefore(to);
        }
    }

    /** One partitioned table being planned: its shape, its partitions sorted by what partsmith may do with them. */
    static final class Node {

        final Draft draft;
        final PartitionNode node;
        final NodeShape shape;
        final boolean real;
        final List<Within> within;
        final List<PartitionOperation> sink;
        final PartitionOwnership ownership;
        final List<PartitionInfo> managed = new ArrayList<>();
        final List<PartitionInfo> pending = new ArrayList<>();
        final List<PartitionInfo> orphans = new ArrayList<>();
        /** Marked tables this plan attaches. */
        final Set<QualifiedName> attached = new HashSet<>();

        Node(Draft draft, PartitionNode node, NodeShape shape, boolean real, List<Within> within, List<PartitionOperation> sink) {
            this.draft = draft;
            this.node = node;
            this.shape = shape;
            this.real = real;
            this.within = within;
            this.sink = sink;
            this.ownership = new PartitionOwnership(draft.config, node.table());
        }

        TablePartitionConfig config() {
            return draft.config;
        }

        /** Sorts marked tables into partsmith's own (pending attach, orphans) and the ones it leaves alone. */
        void classifyMarked() {
            for (PartitionInfo table : node.markedTables()) {
                Optional<String> reason = ownership.notManagedMarked(table);
                if (reason.isPresent()) {
                    draft.notManaged.add(new NotManagedPartition(table, reason.get()));
                }
                else if (table.marker().state() == PartitionMarker.State.PENDING_ATTACH) {
                    pending.add(table);
                }
                else {
                    orphans.add(table);
                }
            }
        }

        /** Sorts attached partitions other than DEFAULT by ownership, {@code grid} saying why one is off its level's grid; the ones left alone are listed. */
        void classify(java.util.function.Function<PartitionInfo, Optional<String>> grid) {
            for (PartitionInfo partition : node.partitions()) {
                if (partition.defaultPartition()) {
                    continue;
                }
                Optional<String> reason = ownership.notManaged(partition, () -> grid.apply(partition));
                if (reason.isPresent()) {
                    draft.notManaged.add(new NotManagedPartition(partition, reason.get()));
                }
                else {
                    managed.add(partition);
                }
            }
        }

        /**
         * Makes sure the partition named {@code name} for {@code bounds} is there: an attached one
         * holding exactly them is planned below; otherwise partsmith's own table of that name is
         * attached (back), or a new one (with its levels below) is created.
         *
         * @param existing the attached partition holding exactly these bounds, or {@code null}
         * @param override the counts of the value the partition is for, for the range level below it
         */
        void ensure(String name, PartitionBounds bounds, PartitionInfo existing, ListValue override) {
            if (existing != null) {
                if (existing.partitioned()) {
                    draft.node(existing.subpartitions(), shape.nextDepth(), override, real, below(existing.bounds()), sink);
                }
                return;
            }
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > TablePartitionConfig.MAX_IDENTIFIER_BYTES) {
                draft.issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, "partition name '" + name + "' is " + bytes
                        + " bytes; PostgreSQL allows " + TablePartitionConfig.MAX_IDENTIFIER_BYTES + ", so it is not created"));
                return;
            }
            QualifiedName partition = new QualifiedName(node.table().schema(), name);
            Optional<PartitionInfo> orphan = orphans.stream().filter(table -> table.table().equals(partition)).findFirst();
            if (orphan.isPresent()) {
                if (orphan.get().bounds() != null && sameBounds(orphan.get().bounds(), bounds)) {
                    attach(orphan.get(), bounds, AttachPartition.Reason.WANTED_AGAIN);
                }
                else {
                    draft.issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, partition.toString(), "wanted " + bounds.describe()
                            + " would be partition " + name + ", but a detached orphan of that name recorded "
                            + orphan.get().boundExpression() + "; partsmith keeps it and creates nothing in its place"));
                }
                return;
            }
            Optional<PartitionInfo> created = pending.stream().filter(table -> table.table().equals(partition)).findFirst();
            if (created.isPresent()) {
                if (created.get().bounds() == null || sameBounds(created.get().bounds(), bounds)) {
                    if (created.get().partitioned()) {
                        draft.node(created.get().subpartitions(), shape.nextDepth(), override, false, below(bounds), sink);
                    }
                    attach(created.get(), bounds, AttachPartition.Reason.CREATED_EARLIER);
                }
                else {
                    draft.issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, partition.toString(), "wanted " + bounds.describe()
                            + " would be partition " + name + ", but a table partsmith created for " + created.get().boundExpression()
                            + " has that name and was never attached; it is dropped when empty"));
                }
                return;
            }
            sink.add(create(partition, bounds, override));
        }

        /** A new partition; with levels below it, planned whole as a subtree of new tables. */
        private CreatePartition create(QualifiedName partition, PartitionBounds bounds, ListValue override) {
            if (!shape.hasLevelsBelow(config())) {
                return new CreatePartition(node.table(), partition, bounds, null, List.of(), storageFrom());
            }
            PartitionKey sibling = node.partitions().stream().filter(PartitionInfo::partitioned).map(PartitionInfo::subpartitions)
                    .filter(below -> fits(below, shape.nextDepth())).map(PartitionNode::key).findFirst().orElse(null);
            PartitionKey key = NodeShape.keyFor(config(), shape.nextDepth(), sibling, draft.tree.columnTypes());
            List<PartitionOperation> children = new ArrayList<>();
            draft.node(new PartitionNode(partition, key, List.of(), List.of()), shape.nextDepth(), override, false, below(bounds), children);
            return new CreatePartition(node.table(), partition, bounds, key, children.stream().map(CreatePartition.class::cast).toList(),
                    storageFrom());
        }

        /**
         * The ranges that hold a partition of this table with {@code bounds}, and the tables below it: these
         * table's own, and, for a range level, the partition's range of the level's column (a level below
         * on the same column, days within a month, keeps to it).
         */
        List<Within> below(PartitionBounds bounds) {
            if (!(shape.level() instanceof RangeLevel range) || !(bounds instanceof PartitionBounds.Range slot) || slot.lower().point() == null
                    || slot.upper().point() == null) {
                return within;
            }
            List<Within> below = new ArrayList<>(within);
            below.add(new Within(range.column(), slot.lower().point(), slot.upper().point()));
            return below;
        }

        /** Whether a partitioned table's key is one the config's level at {@code depth} can have. */
        private boolean fits(PartitionNode below, int depth) {
            try {
                NodeShape.of(config(), depth, below.table(), below.key());
                return true;
            }
            catch (IllegalArgumentException ex) {
                return false;
            }
        }

        /** The newest attached table of rows under the managed parent, DEFAULT and pending detaches aside: new tables take its storage. */
        private QualifiedName storageFrom() {
            PartitionInfo newest = null;
            for (PartitionNode each : draft.tree.root().nodes()) {
                for (PartitionInfo partition : each.partitions()) {
                    if (partition.attached() && !partition.partitioned() && !partition.defaultPartition() && !partition.detachPending()) {
                        if (newest == null || partition.lower() != null && newest.lower() != null && partition.lower().compareTo(newest.lower()) > 0) {
                            newest = partition;
                        }
                    }
                }
            }
            return newest == null ? null : newest.table();
        }

        void attach(PartitionInfo table, PartitionBounds bounds, AttachPartition.Reason reason) {
            attached.add(table.table());
            sink.add(new AttachPartition(node.table(), table.table(), bounds, reason));
        }

        /** One partition per listed value; the partition of a value no longer listed is retired once empty. */
        void list(ListLevel level) {
            for (ListValue value : level.values()) {
                PartitionInfo exact = null;
                boolean covered = false;
                for (PartitionInfo partition : node.partitions()) {
                    if (partition.bounds() instanceof PartitionBounds.In in && in.texts().contains(value.value())) {
                        covered = true;
                        if (in.values().size() == 1) {
                            exact = partition;
                        }
                    }
                }
                if (!covered && real) {
                    draft.missing.add("no partition of " + node.table() + " holds " + level.column() + " = '" + value.value() + "'");
                }
                if (covered && exact == null) {
                    continue;
                }
                String name = ListLevel.childName(node.table().name(), value.value());
                ensure(name, new PartitionBounds.In(List.of(PartitionBound.value(null, value.value()))), exact, value);
            }
            retireUnlisted(level, partition -> partition.bounds() instanceof PartitionBounds.In in && in.values().size() == 1
                    ? in.texts().get(0) : null);
        }

        /** Why a partition is off a LIST level's grid: it holds several values, or is not named after its value. */
        Optional<String> listGrid(PartitionInfo partition) {
            if (!(partition.bounds() instanceof PartitionBounds.In in) || in.values().size() != 1 || in.texts().get(0) == null) {
                return Optional.of("it holds " + partition.bounds().describe() + ", not one value; " + PartitionOwnership.adoptHint());
            }
            String expected = ListLevel.childName(node.table().name(), in.texts().get(0));
            if (!expected.equals(partition.name())) {
                return Optional.of("its value '" + in.texts().get(0) + "' is a partition partsmith names " + expected + ", not "
                        + partition.name() + "; " + PartitionOwnership.adoptHint());
            }
            return Optional.empty();
        }

        /** Every remainder of the modulus; partitions of another modulus stop the planning of this table. */
        void hash(HashLevel level) {
            List<PartitionInfo> hashed = node.partitions().stream().filter(partition -> partition.bounds() instanceof PartitionBounds.Hash)
                    .toList();
            List<String> other = hashed.stream().filter(partition -> ((PartitionBounds.Hash) partition.bounds()).modulus() != level.modulus())
                    .map(partition -> partition.name() + " (" + partition.bounds().describe() + ")").toList();
            if (!other.isEmpty()) {
                draft.issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, node.table().toString(), node.table() + " has hash partitions of"
                        + " another modulus than " + level.modulus() + ": " + String.join(", ", other) + "; partsmith never re-partitions a"
                        + " table: set hash.modulus to theirs, or re-partition it yourself; nothing is planned under it"));
                return;
            }
            classify(partition -> {
                if (partition.bounds() instanceof PartitionBounds.Hash hash
                        && HashLevel.childName(node.table().name(), hash.remainder()).equals(partition.name())) {
                    return Optional.empty();
                }
                return Optional.of("it is not named as partsmith names " + partition.bounds().describe() + "; " + PartitionOwnership.adoptHint());
            });
            for (int remainder = 0; remainder < level.modulus(); remainder++) {
                int wanted = remainder;
                PartitionInfo exact = hashed.stream().filter(partition -> ((PartitionBounds.Hash) partition.bounds()).remainder() == wanted)
                        .findFirst().orElse(null);
                if (exact == null && real) {
                    draft.missing.add("no partition of " + node.table() + " holds hash remainder " + remainder + " of " + level.modulus());
                }
                ensure(HashLevel.childName(node.table().name(), remainder), new PartitionBounds.Hash(level.modulus(), remainder), exact, null);
            }
        }

        /** Retires the managed partitions of values the level no longer lists, their value found by {@code valueOf}. */
        void retireUnlisted(ListLevel level, java.util.function.Function<PartitionInfo, String> valueOf) {
            if (!draft.clock.trusted()) {
                return;
            }
            List<String> listed = level.valueTexts();
            for (PartitionInfo partition : managed) {
                String value = valueOf.apply(partition);
                if (value == null || listed.contains(value) || partition.detachPending()) {
                    continue;
                }
                if (partition.rowEstimate() > 0 && !level.retireWithRows()) {
                    draft.issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, partition.table().toString(), level.column() + " = '"
                            + value + "' is no longer listed, but " + partition.table() + " holds about " + partition.rowEstimate()
                            + " rows; it stays attached until it is empty (or list retire-with-rows says otherwise)"));
                    continue;
                }
                retire(partition, !level.retireWithRows());
            }
        }

        /** Detaches a partition partsmith retires (and drops it at once when the table has no drop grace). */
        void retire(PartitionInfo partition, boolean onlyIfEmpty) {
            draft.retirements.add(new DetachPartition(node.table(), partition, node.defaultPartition().isEmpty(), onlyIfEmpty));
            if (config().dropGrace().isZero()) {
                draft.retirements.add(new DropPartition(node.table(), partition, DropPartition.Reason.DETACHED_THIS_RUN, onlyIfEmpty));
            }
        }

        /**
         * Pending detaches of partsmith's own partitions are finalized; marked tables that nothing
         * attached go: never-attached ones when empty, orphans once their grace has elapsed (and,
         * for values no longer listed, only when empty).
         */
        void retireMarked() {
            if (!draft.clock.trusted()) {
                return;
            }
            for (PartitionInfo partition : node.partitions()) {
                if (partition.detachPending() && ownership.ownMarker(partition, PartitionMarker.State.ORPHAN)) {
                    draft.finalizes.add(new FinalizeDetach(node.table(), partition.table()));
                }
            }
            for (PartitionInfo table : pending) {
                if (!attached.contains(table.table())) {
                    draft.abandoned.add(new DropPartition(node.table(), table, DropPartition.Reason.ABANDONED_PENDING_ATTACH, true));
                }
            }
            for (PartitionInfo orphan : orphans) {
                if (!attached.contains(orphan.table()) && orphan.marker().graceElapsed(config().dropGrace(), draft.clock.clock())) {
                    draft.orphanDrops.add(new DropPartition(node.table(), orphan, DropPartition.Reason.ORPHAN_GRACE_ELAPSED, unlistedKeepingRows(orphan)));
                }
            }
        }

        /** Whether an orphan holds a value its list level no longer lists and keeps rows of: it may only go when empty. */
        private boolean unlistedKeepingRows(PartitionInfo orphan) {
            ListLevel level = shape.prefixLevel() != null ? shape.prefixLevel() : shape.level() instanceof ListLevel list ? list : null;
            if (level == null || level.retireWithRows()) {
                return false;
            }
            return orphan.bounds() instanceof PartitionBounds.In || orphan.range() != null && orphan.range().prefix() != null
                    && !level.valueTexts().contains(orphan.range().prefix().get(0));
        }

        /** Whether two bounds cover the same: ranges by their points (texts where a column has none), lists by their values. */
        static boolean sameBounds(PartitionBounds a, PartitionBounds b) {
            if (a instanceof PartitionBounds.Range x && b instanceof PartitionBounds.Range y) {
                return sameValues(x.from(), y.from()) && sameValues(x.to(), y.to());
            }
            if (a instanceof PartitionBounds.In x && b instanceof PartitionBounds.In y) {
                return new HashSet<>(x.texts()).equals(new HashSet<>(y.texts()));
            }
            return a.equals(b);
        }

        private static boolean sameValues(List<PartitionBound> a, List<PartitionBound> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                PartitionBound x = a.get(i);
                PartitionBound y = b.get(i);
                boolean same = x.kind() == y.kind() && (x.point() != null && y.point() != null ? x.point().equals(y.point()) : x.text().equals(y.text()));
                if (!same) {
                    return false;
                }
            }
            return true;
        }
    }
}
