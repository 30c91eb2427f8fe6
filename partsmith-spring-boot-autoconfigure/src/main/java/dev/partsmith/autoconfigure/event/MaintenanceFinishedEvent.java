package dev.partsmith.autoconfigure.event;

import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.lifecycle.MaintenanceResult;

/**
 * One maintenance run of one table ended: successfully, with errors, or skipped. Published after
 * the table's lock was released, for every run (on start-up, on the schedule, through the endpoint).
 * A listener that throws is logged; the run's result stands.
 */
public class MaintenanceFinishedEvent extends PartsmithEvent {

    private static final long serialVersionUID = 1L;

    private final transient MaintenanceResult result;

    public MaintenanceFinishedEvent(PartsmithTable table, MaintenanceResult result) {
        super(table);
        this.result = result;
    }

    public MaintenanceResult result() {
        return result;
    }

    @Override
    public String toString() {
        return "MaintenanceFinishedEvent[" + table().key() + " " + result.outcome() + "]";
    }
}
