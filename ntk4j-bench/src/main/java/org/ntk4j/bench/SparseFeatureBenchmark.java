package org.ntk4j.bench;

import org.ntk4j.data.DataCatalog;
import org.ntk4j.data.LibsvmReader;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.features.FeatureMaps;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.linalg.Rows;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second of ntk-sketch (depth 2, dim 8192, degree 2 and 8) on the sparse LIBSVM sets a8a
 * (d = 123, ~14 non-zeros per row) and w8a (d = 300, ~12 per row) from the shared data folder, as
 * CSR rows and, for comparison, as the same rows densified: the first sketch level of CSR input
 * costs O(nnz) instead of O(d). Run:
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp "ntk4j-bench/target/ntk4j-bench.jar:ntk4j-bench/target/lib/*" org.openjdk.jmh.Main SparseFeatureBenchmark -f 1
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xmx4g"})
@State(Scope.Benchmark)
public class SparseFeatureBenchmark {
    static final int BLOCK = 1024;

    @Param({"a8a", "w8a"})
    public String data;

    @Param({"csr", "dense"})
    public String input;

    @Param({"2", "8"})
    public int degree;

    @Param({"2"})
    public int threads;

    private FeatureMap map;
    private Rows block;

    @Setup
    public void setup() throws IOException {
        Parallel.setThreads(threads);
        Path file = DataCatalog.defaultSharedRoot().resolve("libsvm").resolve(data);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("benchmark needs " + file + " (the shared data folder)");
        }
        CsrMatrix rows = (CsrMatrix) LibsvmReader.read(file).inputs();
        CsrMatrix first = rows.rowRange(0, BLOCK);
        System.out.printf("%n%s: d = %d, %.1f non-zeros per row%n", data, first.cols(), first.nnz() / (double) BLOCK);
        block = input.equals("csr") ? first : first.dense();
        map = FeatureMaps.build(FeatureMapSpec.of("ntk-sketch", 1, "depth", "2", "degree", Integer.toString(degree),
                "dim", "8192"), new int[]{first.cols()});
    }

    /** Score: rows per second. */
    @Benchmark
    @OperationsPerInvocation(BLOCK)
    public FloatMatrix transform() {
        return map.transform(block);
    }
}
