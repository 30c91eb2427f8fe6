package dev.partsmith.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.cli.Report.Issue;
import dev.partsmith.cli.Report.NotManaged;
import dev.partsmith.cli.Report.Operation;
import dev.partsmith.cli.Report.Partition;
import dev.partsmith.cli.Report.TablePlan;
import dev.partsmith.cli.Report.TableReport;
import dev.partsmith.cli.Report.TableRun;
import dev.partsmith.cli.Report.TableStatus;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.SavedPlan;
import dev.partsmith.status.Runway;
import dev.partsmith.status.TableStatus.Problem;

/** plan, apply and status, on the starter's {@link MaintenanceRunner}: every table in turn, one's failure never stopping the others. */
final class Commands {

    private Commands() {
    }

    /**
     * Runs the command over every configured table; {@code plan --out} also writes the plan of the tables that
     * could be planned to its file, and {@code apply PLAN.json} applies the tables of the saved plan.
     *
     * @throws CliUsageException when the saved plan cannot be read, or the plan cannot be written
     */
    static Report run(CliArguments arguments, MaintenanceRunner runner, PartitionMaintainer maintainer, JsonMapper json) {
        List<TableReport> tables = new ArrayList<>();
        switch (arguments.command()) {
            case PLAN -> {
                List<SavedPlan.Table> saved = new ArrayList<>();
                Instant plannedAt = maintainer.clock().instant();
                runner.tables().all().forEach(table -> tables.add(plan(maintainer, table, saved)));
                if (arguments.out() != null) {
                    SavedPlans.write(json, arguments.out(), new SavedPlan(SavedPlan.VERSION, plannedAt, saved));
                }
            }
            case APPLY -> {
                if (arguments.savedPlan() == null) {
                    runner.tables().all().forEach(table -> tables.add(apply(runner, table)));
                }
                else {
                    SavedPlan plan = SavedPlans.read(json, arguments.savedPlan());
                    List<TablePartitionConfig> configs = runner.tables().all().stream().map(PartsmithTable::config).toList();
                    maintainer.apply(configs, plan).forEach(result -> tables.add(TableRun.of(key(runner, result.table()), result)));
                }
            }
            case STATUS -> runner.tables().all().forEach(table -> tables.add(status(runner, table)));
        }
        return Report.of(arguments.command(), arguments.check(), tables);
    }

    /** The configured key of a table; its name when it is not configured. */
    private static String key(MaintenanceRunner runner, QualifiedName table) {
        return runner.tables().all().stream().filter(candidate -> candidate.config().qualifiedName().equals(table)).map(PartsmithTable::key)
                .findFirst().orElse(table.toString());
    }

    private static TableReport plan(PartitionMaintainer maintainer, PartsmithTable table, List<SavedPlan.Table> saved) {
        String name = table.config().qualifiedName().toString();
        try {
            PartitionMaintainer.PlanToSave planned = maintainer.planToSave(table.config());
            saved.add(planned.saved());
            MaintenancePlan plan = planned.plan();
            // A table without a time level has no current period.
            String current = plan.currentPeriod() == null ? null : plan.currentPeriod().label();
            return new TablePlan(table.key(), name, current, plan.operations().stream().map(Operation::of).toList(),
                    plan.issues().stream().map(Issue::of).toList(), plan.notManaged().stream().map(NotManaged::of).toList(), null);
        }
        catch (RuntimeException ex) {
            return new TablePlan(table.key(), name, null, List.of(), List.of(), List.of(), ex.getMessage());
        }
    }

    private static TableReport apply(MaintenanceRunner runner, PartsmithTable table) {
        MaintenanceResult result = runner.run(table);
        return TableRun.of(table.key(), result);
    }

    private static TableReport status(MaintenanceRunner runner, PartsmithTable table) {
        TablePartitionConfig config = table.config();
        dev.partsmith.status.TableStatus status = runner.status(table);
        PartitionTree tree = status.tree();
        Runway runway = status.runway();
        return new TableStatus(table.key(), config.qualifiedName().toString(),
                table.granularity(), config.createAheadCount(),
                config.retentionCount().orElse(null), config.dropGrace().toString(),
                tree == null ? List.of() : tree.partitions().stream().map(Partition::of).toList(),
                tree == null ? List.of() : tree.markedTables().stream().map(Partition::of).toList(),
                status.notManaged().stream().map(NotManaged::of).toList(), status.rowsInDefault(),
                runway == null ? null : runway.toString(),
                runway == null ? null : runway.length().map(Duration::toSeconds).orElse(null),
                status.minimum(),
                status.problems().isEmpty() ? null : status.problems().get(0).message(), status.problems().stream().map(Problem::message).toList());
    }
}
