package org.ntk4j.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.ntk4j.linalg.Parallel;

/**
 * On a cluster executor Spark runs one task per spark.task.cpus cores, so ntk4j's own pool and
 * native BLAS get that many threads instead of all cores, which would oversubscribe them.
 * In local mode the executor is the driver's JVM: its thread setting stays the user's choice.
 */
final class ExecutorThreads {
    private static volatile boolean done;

    private ExecutorThreads() {
    }

    static void useTaskCores() {
        if (done) {
            return;
        }
        synchronized (ExecutorThreads.class) {
            if (done) {
                return;
            }
            SparkEnv env = SparkEnv.get();
            TaskContext task = TaskContext.get();
            if (env != null && task != null && !"driver".equals(env.executorId())) {
                Parallel.setThreads(Math.max(1, task.cpus()));
            }
            done = true;
        }
    }
}
