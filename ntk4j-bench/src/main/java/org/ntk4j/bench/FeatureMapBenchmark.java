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
 * Rows per second of the fully connected feature maps at the issue's configurations (the
 * reference code's figures on this machine kind, CPU, 2 threads, in brackets):
 * <pre>
 * rf-d384-L1      ntk-rf, d=384, L=1, m1=m0=692, ms=7500       (5,835 rows/s)
 * rf-d90-L2       ntk-rf, d=90,  L=2, m1=m0=3192, ms=5000      (911 rows/s)
 * sketch-q2       ntk-sketch, d=384, L=2, degree 2, dim 8192   (1,568 rows/s)
 * sketch-q8       ntk-sketch, d=384, L=2, degree 8, dim 8192   (443 rows/s)
 * </pre>
 * Score = rows/s (one invocation maps a block of 1024 rows). Run:
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp "ntk4j-bench/target/ntk4j-bench.jar:ntk4j-bench/target/lib/*" org.openjdk.jmh.Main FeatureMapBenchmark -f 1
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xmx8g"})
@State(Scope.Benchmark)
public class FeatureMapBenchmark {
    static final int BLOCK = 1024;

    @Param({"rf-d384-L1", "rf-d90-L2", "sketch-q2", "sketch-q8"})
    public String config;

    @Param({"2"})
    public int threads;

    private FeatureMap map;
    private DoubleMatrix block;

    static FeatureMapSpec spec(String config) {
        return switch (config) {
            case "rf-d384-L1" -> FeatureMapSpec.of("ntk-rf", 1, "depth", "1", "m1", "692", "m0", "692", "ms", "7500",
                    "shared-steps", "true"); // the CLI's default
            case "rf-d90-L2" -> FeatureMapSpec.of("ntk-rf", 1, "depth", "2", "m1", "3192", "m0", "3192", "ms", "5000",
                    "shared-steps", "true");
            case "sketch-q2" -> FeatureMapSpec.of("ntk-sketch", 1, "depth", "2", "degree", "2", "dim", "8192");
            case "sketch-q8" -> FeatureMapSpec.of("ntk-sketch", 1, "depth", "2", "degree", "8", "dim", "8192");
            default -> throw new IllegalArgumentException(config);
        };
    }

    static int inputDim(String config) {
        return config.equals("rf-d90-L2") ? 90 : 384;
    }

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        int d = inputDim(config);
        map = FeatureMaps.build(spec(config), new int[]{d});
        block = new DoubleMatrix(BLOCK, d);
        RandomStream.of(7).fillGaussian(block.data());
    }

    @Benchmark
    @OperationsPerInvocation(BLOCK)
    public FloatMatrix transform() {
        return map.transform(block);
    }
}
