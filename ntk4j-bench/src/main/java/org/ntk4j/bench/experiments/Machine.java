package org.ntk4j.bench.experiments;

import org.ntk4j.Version;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.Parallel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark ran on, as the report states it. */
public record Machine(String cpu, int cores, long memoryMiB, long maxHeapMiB, String javaVersion, String os, String blas,
                      int threads, String ntk4j) {

    public static Machine describe() {
        Runtime rt = Runtime.getRuntime();
        long mem = -1;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            mem = os.getTotalMemorySize() / (1 << 20);
        }
        return new Machine(cpuModel(), rt.availableProcessors(), mem, rt.maxMemory() / (1 << 20),
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Blas.backend().name(), Parallel.threads(), Version.get());
    }

    /** "model name" from /proc/cpuinfo where there is one. */
    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture is all we say
        }
        return System.getProperty("os.arch");
    }

    public String oneLine() {
        return String.format(Locale.ROOT, "%s, %d cores, %,d MiB RAM (heap max %,d MiB); Java %s; %s; BLAS %s; %d threads; ntk4j %s",
                cpu, cores, memoryMiB, maxHeapMiB, javaVersion, os, blas, threads, ntk4j);
    }
}
