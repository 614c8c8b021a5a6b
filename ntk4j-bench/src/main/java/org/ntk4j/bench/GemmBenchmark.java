package org.ntk4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.BlasBackend;
import org.ntk4j.linalg.Parallel;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * C = A·B for A m×k, B k×n through {@link BlasBackend#dgemm}/{@link BlasBackend#sgemm}, native
 * OpenBLAS against the pure-Java kernels. The primary score is GEMMs per second; the secondary
 * "gflops" counter is the same rate times 2mnk/10⁹, i.e. GFLOP/s.
 *
 * <pre>
 * mvn -q -ntp -pl ntk4j-bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp "ntk4j-bench/target/ntk4j-bench.jar:ntk4j-bench/target/lib/*" org.openjdk.jmh.Main GemmBenchmark -f 1 -wi 2 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseParallelGC", "-Xmx4g"})
public class GemmBenchmark {

    @Param({"native", "java"})
    public String backend;

    @Param({"double", "float"})
    public String precision;

    @Param({"4096"})
    public int m;

    @Param({"1024"})
    public int k;

    @Param({"4096"})
    public int n;

    /** Applied through {@link Parallel#setThreads}, which also sets OpenBLAS's thread count. */
    @Param({"2"})
    public int threads;

    private BlasBackend blas;
    private boolean single;
    private double[] a;
    private double[] b;
    private double[] c;
    private float[] af;
    private float[] bf;
    private float[] cf;

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        blas = Blas.use(backend);
        single = switch (precision) {
            case "float" -> true;
            case "double" -> false;
            default -> throw new IllegalArgumentException("precision must be double or float: " + precision);
        };
        SplittableRandom rnd = new SplittableRandom(42);
        if (single) {
            af = randomFloats(rnd, m * k);
            bf = randomFloats(rnd, k * n);
            cf = new float[m * n];
        } else {
            a = randomDoubles(rnd, m * k);
            b = randomDoubles(rnd, k * n);
            c = new double[m * n];
        }
    }

    /** Counts GFLOP per GEMM; JMH reports it per second next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflops;
    }

    @Benchmark
    public Object gemm(Flops flops) {
        if (single) {
            blas.sgemm(false, false, m, n, k, 1f, af, 0, k, bf, 0, n, 0f, cf, 0, n);
        } else {
            blas.dgemm(false, false, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
        }
        flops.gflops += 2.0 * m * n * k / 1e9;
        return single ? cf : c;
    }

    private static double[] randomDoubles(SplittableRandom rnd, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = rnd.nextDouble(-1, 1);
        }
        return x;
    }

    private static float[] randomFloats(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }

    /** Runs just this benchmark: {@code java ... org.ntk4j.bench.GemmBenchmark [JMH options]}. */
    public static void main(String[] args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = GemmBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }
}
