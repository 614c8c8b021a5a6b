package org.ntk4j.kernel;

import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.random.RandomStream;

import java.util.Locale;

/**
 * Prints ms per image pair of the exact CNTK at CIFAR size 3×32×32 (run by hand, not a test):
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp ntk4j-core/target/classes:ntk4j-core/target/test-classes \
 *       org.ntk4j.kernel.CntkTimingReport [threads] [images]
 * </pre>
 * Times a symmetric Gram of n Gaussian images (n(n+1)/2 pairs; best of three after a warm-up), and extrapolates
 * to 2,000 and 50,000 images at the same thread count. With one thread the Gram runs on the calling
 * thread, whose CPU time is printed too (less sensitive to other processes on a shared machine).
 */
public final class CntkTimingReport {
    private CntkTimingReport() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Parallel.threads();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Parallel.setThreads(threads);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        DoubleMatrix x = new DoubleMatrix(n, 3 * 32 * 32);
        RandomStream.of(7).fillGaussian(x.data());
        ConvolutionalNtk[] kernels = {
                ConvolutionalNtk.arora(5, 3, ConvolutionalNtk.Readout.GAP, false, 3, 32, 32),
                ConvolutionalNtk.arora(5, 3, ConvolutionalNtk.Readout.GAP, true, 3, 32, 32),
                ConvolutionalNtk.arora(5, 3, ConvolutionalNtk.Readout.TRACE, false, 3, 32, 32),
                ConvolutionalNtk.valid(3, 4, 3, 32, 32),
        };
        System.out.printf(Locale.ROOT, "threads=%d, n=%d (%d pairs per Gram)%n", threads, n, n * (n + 1) / 2);
        for (ConvolutionalNtk k : kernels) {
            k.gram(x.rowRange(0, Math.min(n, 3))); // warm-up
            double seconds = Double.POSITIVE_INFINITY;
            double cpuSeconds = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 3; rep++) { // the best of three: the machine may be shared
                long start = System.nanoTime();
                long cpuStart = cpu.getCurrentThreadCpuTime();
                k.gram(x);
                seconds = Math.min(seconds, (System.nanoTime() - start) * 1e-9);
                cpuSeconds = Math.min(cpuSeconds, (cpu.getCurrentThreadCpuTime() - cpuStart) * 1e-9);
            }
            double pairs = n * (n + 1) / 2.0;
            double perPair = seconds / pairs;
            double gflops = k.costPerPair() / perPair * 1e-9;
            String cpuNote = threads == 1 ? String.format(Locale.ROOT, " (%.3f ms CPU)", cpuSeconds / pairs * 1e3) : "";
            System.out.printf(Locale.ROOT, "%-92s %9.3f ms/pair wall%s, %d threads, %.2f GFLOP/s est., "
                            + "2000-Gram %.2f h, 50000-Gram %.0f h%n",
                    k.spec(), perPair * 1e3, cpuNote, threads, gflops, perPair * 2000 * 2001 / 2 / 3600,
                    perPair * 50000.0 * 50001 / 2 / 3600);
        }
    }
}
