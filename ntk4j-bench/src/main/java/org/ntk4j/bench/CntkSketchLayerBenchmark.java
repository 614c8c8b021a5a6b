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
 * Time per CIFAR-shaped image (3×32×32) of the CNTK Sketch at depth 2 and 3, one thread. The two
 * maps share layer 0 (exact patches, 29×29 positions) and the readout; depth 3 adds one middle
 * layer (PolySketch, κ1/κ0 expansions, TensorSRHT and the f×f sign-sum convolution at 26×26
 * positions) and moves the readout to 23×23 positions, so
 * <pre>  t(depth 3) − t(depth 2) ≈ one middle layer − (readout at 26² − readout at 23²)</pre>
 * i.e. a slight underestimate of one layer. It needs no hook into the map: both numbers come
 * from the public transform. Run:
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp "ntk4j-bench/target/ntk4j-bench.jar:ntk4j-bench/target/lib/*" org.openjdk.jmh.Main CntkSketchLayerBenchmark -f 1
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xmx4g"})
@State(Scope.Benchmark)
public class CntkSketchLayerBenchmark {
    static final int IMAGES = 4;

    @Param({"2", "3"})
    public int depth;

    @Param({"1024"})
    public int dim;

    private FeatureMap map;
    private DoubleMatrix block;

    @Setup
    public void setup() {
        Parallel.setThreads(1); // one image per thread anyway: the per-image cost is what a layer costs
        map = FeatureMaps.build(FeatureMapSpec.of("cntk-sketch", 1, "depth", Integer.toString(depth), "filter", "4",
                "dim", Integer.toString(dim)), new int[]{3, 32, 32});
        block = new DoubleMatrix(IMAGES, 3 * 32 * 32);
        RandomStream.of(7).fillGaussian(block.data());
    }

    /** Score: milliseconds per image. */
    @Benchmark
    @OperationsPerInvocation(IMAGES)
    public FloatMatrix transform() {
        return map.transform(block);
    }
}
