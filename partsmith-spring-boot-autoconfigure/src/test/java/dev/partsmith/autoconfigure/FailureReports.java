package dev.partsmith.autoconfigure;

import java.util.List;

import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

/**
 * The start failure report Spring Boot would print for a failed context: the analyzers are loaded from
 * {@code META-INF/spring.factories} the way Boot loads them, so partsmith's own must be registered there.
 */
final class FailureReports {

    private FailureReports() {
    }

    /** The description and action of the first analyzer that recognises the failure; fails when none does. */
    static String report(AssertableApplicationContext context, String... properties) {
        Throwable failure = context.getStartupFailure();
        if (failure == null) {
            throw new AssertionError("the context started");
        }
        StandardEnvironment environment = new StandardEnvironment();
        TestPropertyValues.of(properties).applyTo(environment);
        ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory()).and(Environment.class, environment);
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(FailureReports.class.getClassLoader())
                .load(FailureAnalyzer.class, arguments, SpringFactoriesLoader.FailureHandler.logging(LogFactory.getLog(FailureReports.class)));
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis.getDescription() + "\nAction:\n" + analysis.getAction();
            }
        }
        throw new AssertionError("no failure analyzer recognised " + failure, failure);
    }
}
