package dev.partsmith.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.plan.SavedPlan;

/** A {@link SavedPlan} in a JSON file: what {@code plan --out} writes and {@code apply PLAN.json} reads. */
final class SavedPlans {

    private SavedPlans() {
    }

    /**
     * Writes the plan, replacing the file.
     *
     * @throws CliUsageException naming the file when it cannot be written
     */
    static void write(JsonMapper json, Path file, SavedPlan plan) {
        try {
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(plan));
        }
        catch (IOException | JacksonException ex) {
            throw new CliUsageException("cannot write the plan to " + file + ": " + ex.getMessage());
        }
    }

    /**
     * Reads a plan.
     *
     * @throws CliUsageException naming the file when it cannot be read, is not a saved plan, or is of another version (the plan says which)
     */
    static SavedPlan read(JsonMapper json, Path file) {
        try {
            return json.readValue(Files.readString(file), SavedPlan.class);
        }
        catch (IOException | JacksonException ex) {
            throw new CliUsageException("cannot read the saved plan " + file + ": " + ex.getMessage());
        }
    }
}
