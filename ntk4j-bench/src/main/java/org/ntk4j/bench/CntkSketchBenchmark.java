package org.ntk4j.bench;

import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.features.FeatureMaps;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.random.RandomStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Images per second of the whole CNTK Sketch at the issue's setting: depth 3, filter 4, degree 2,
 * on CIFAR-shaped 3×32×32 images (the reference code on this machine kind, CPU, 2 threads: 3.5
 * images/s at m = 1024, 0.52 at m = 4096) and on Fashion-MNIST-shaped 1×28×28 images; the pooled
 * readout with {@code -p pool=4 -p dim=8192,16384}. Run:
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp "ntk4j-bench/target/ntk4j-bench.jar:ntk4j-bench/target/lib/*" org.openjdk.jmh.Main CntkSketchBenchmark -f 1
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xmx6g"})
@State(Scope.Benchmark)
public class CntkSketchBenchmark {
    static final int IMAGES = 32;

    @Param({"3x32x32", "1x28x28"})
    public String shape;

    @Param({"1024", "4096"})
    public int dim;

    /** Readout grid: 1 is GAP; 4 gives each of 16 regions dim/16 features (the pooled map of the README). */
    @Param({"1"})
    public int pool;

    @Param({"2"})
    public int threads;

    private FeatureMap map;
    private DoubleMatrix block;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        int[] s = java.util.Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
        map = FeatureMaps.build(FeatureMapSpec.of("cntk-sketch", 1, "depth", "3", "filter", "4", "degree", "2",
                "dim", Integer.toString(dim), "pool", Integer.toString(pool)), s);
        block = new DoubleMatrix(IMAGES, s[0] * s[1] * s[2]);
        RandomStream.of(7).fillGaussian(block.data());
    }

    /** Score: images per second. */
    @Benchmark
    @OperationsPerInvocation(IMAGES)
    public FloatMatrix transform() {
        return map.transform(block);
    }
}
