package dev.partsmith.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.cli.Report.Issue;
import dev.partsmith.cli.Report.Operation;
import dev.partsmith.cli.Report.Partition;
import dev.partsmith.cli.Report.TablePlan;
import dev.partsmith.cli.Report.TableReport;
import dev.partsmith.cli.Report.TableRun;
import dev.partsmith.cli.Report.TableStatus;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.plan.MaintenancePlan;

/** plan, apply and status, on the starter's {@link MaintenanceRunner}: every table in turn, one's failure never stopping the others. */
final class Commands {

    private Commands() {
    }

    static Report run(CliArguments.Command command, MaintenanceRunner runner) {
        List<TableReport> tables = new ArrayList<>();
        switch (command) {
            case PLAN -> runner.tables().all().forEach(table -> tables.add(plan(runner, table)));
            case APPLY -> runner.tables().all().forEach(table -> tables.add(apply(runner, table)));
            case STATUS -> runner.tables().all().forEach(table -> tables.add(status(runner, table)));
        }
        return Report.of(command, tables);
    }

    private static TableReport plan(MaintenanceRunner runner, PartsmithTable table) {
        String name = table.config().qualifiedName().toString();
        try {
            MaintenancePlan plan = runner.plan(table.key());
            return new TablePlan(table.key(), name, plan.currentPeriod().label(), plan.operations().stream().map(Operation::of).toList(),
                    plan.issues().stream().map(Issue::of).toList(), null);
        }
        catch (RuntimeException ex) {
            return new TablePlan(table.key(), name, null, List.of(), List.of(), ex.getMessage());
        }
    }

    private static TableReport apply(MaintenanceRunner runner, PartsmithTable table) {
        MaintenanceResult result = runner.run(table);
        return TableRun.of(table.key(), result);
    }

    private static TableReport status(MaintenanceRunner runner, PartsmithTable table) {
        Instant now = runner.clock().instant();
        Duration minRunway = table.minRunway(now);
        PartitionTree tree;
        try {
            tree = runner.readTree(table);
        }
        catch (RuntimeException ex) {
            return status(table, null, null, minRunway, "cannot read the table: " + ex.getMessage());
        }
        Optional<Duration> runway = table.runway(tree, now);
        String problem = null;
        if (runway.isEmpty()) {
            problem = "no partition covers the time ahead";
        }
        else if (runway.get().compareTo(minRunway) < 0) {
            problem = "runway " + runway.get() + " is below min-runway " + minRunway;
        }
        return status(table, tree, runway.orElse(null), minRunway, problem);
    }

    private static TableStatus status(PartsmithTable table, PartitionTree tree, Duration runway, Duration minRunway, String problem) {
        TablePartitionConfig config = table.config();
        return new TableStatus(table.key(), config.qualifiedName().toString(),
                table.granularity(), config.createAheadCount(),
                config.retentionCount().orElse(null), config.dropGrace().toString(),
                tree == null ? List.of() : tree.partitions().stream().map(Partition::of).toList(),
                tree == null ? List.of() : tree.markedTables().stream().map(Partition::of).toList(),
                tree == null ? null : tree.defaultPartition().map(PartitionInfo::rowEstimate).orElse(null),
                runway == null ? null : runway.toString(), runway == null ? null : runway.toSeconds(), minRunway.toString(), problem);
    }
}
