package org.ntk4j.bench;

import java.util.concurrent.TimeUnit;

import org.ntk4j.Progress;
import org.ntk4j.learn.IterativeRidge;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.random.RandomStream;
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
 * Ridge by conjugate gradients ({@link IterativeRidge}, what {@code fit --solver cg} runs) on n×m
 * stored features (float32 or float16: {@code store}) with 10 outputs, a fixed λ and a rank-8 preconditioner, stopped after
 * {@code steps} CG steps (a tolerance of 0 is never met). The time of one CG step, two skinny
 * products over all the features, is (score at 21 steps − score at 1 step)/20; the roofline is
 * one read of the n·m·4 (float16: n·m·2) bytes per step.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp "ntk4j-bench/target/ntk4j-bench.jar:ntk4j-bench/target/lib/*" org.openjdk.jmh.Main ConjugateGradientBenchmark -f 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseParallelGC", "-Xmx6g"})
public class ConjugateGradientBenchmark {
    @Param({"8192"})
    public int n;

    @Param({"8192", "32768"})
    public int m;

    @Param({"1", "21"})
    public int steps;

    @Param({"2"})
    public int threads;

    @Param({"FLOAT32", "FLOAT16"})
    public IterativeRidge.Store store;

    private IterativeRidge.Rows rows;

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        rows = new IterativeRidge.Rows(store);
        RandomStream rng = RandomStream.of(5);
        for (int from = 0; from < n; from += 1024) {
            int h = Math.min(1024, n - from);
            double[] phi = new double[h * m];
            rng.child("phi" + from).fillGaussian(phi);
            DoubleMatrix y = new DoubleMatrix(h, 10);
            rng.child("y" + from).fillGaussian(y.data());
            rows.add(new DoubleMatrix(h, m, phi).toFloat(), y);
        }
    }

    @Benchmark
    public IterativeRidge.Result fit() {
        return IterativeRidge.fit(rows, null, 1.0, 8, 0, steps, Progress.NONE);
    }
}
