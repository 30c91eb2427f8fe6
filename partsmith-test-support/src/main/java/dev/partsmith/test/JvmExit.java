package dev.partsmith.test;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clean-up work for the end of the JVM, run in one shutdown hook in the reverse order of registration:
 * a server registered after the directory it lives in stops before that directory is deleted (separate
 * shutdown hooks would run in any order, at the same time).
 */
final class JvmExit {

    private static final Logger log = LoggerFactory.getLogger(JvmExit.class);

    private static final Deque<Runnable> tasks = new ArrayDeque<>();

    private static boolean hooked;

    private JvmExit() {
    }

    static synchronized void register(Runnable task) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(JvmExit::runAll, "partsmith-test-cleanup"));
            hooked = true;
        }
        tasks.push(task);
    }

    private static void runAll() {
        for (Runnable task = next(); task != null; task = next()) {
            try {
                task.run();
            }
            catch (RuntimeException ex) {
                log.warn("Clean-up at JVM exit failed", ex);
            }
        }
    }

    private static synchronized Runnable next() {
        return tasks.poll();
    }
}
