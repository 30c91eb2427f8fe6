package dev.partsmith.sample;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an {@link EmbeddedPostgresException} at start-up with the way out: a database of the user's own. */
class EmbeddedPostgresFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedPostgresException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedPostgresException cause) {
        String description = "No database was given (spring.datasource.url is not set), and the sample's embedded PostgreSQL cannot start: "
                + cause.reason() + ".";
        String action = """
                Give the sample a PostgreSQL (14 to 18) of your own with SPRING_DATASOURCE_URL, in a database of its own (the sample \
                creates the tables events, audit_log and partition_history), for example:

                    createdb -h localhost -U postgres partsmith_sample
                    SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/partsmith_sample \\
                    SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=secret \\
                    java -jar samples/partsmith-sample/target/partsmith-sample.jar
                """ + (cause.isRunningAsRoot() ? "\nor start the sample as a user other than root, so that the embedded PostgreSQL can run." : "");
        return new FailureAnalysis(description, action, cause);
    }
}
