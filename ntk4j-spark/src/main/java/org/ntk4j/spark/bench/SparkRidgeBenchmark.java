package org.ntk4j.spark.bench;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ntk4j.data.LibsvmReader;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.features.FeatureMaps;
import org.ntk4j.learn.GramStats;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.learn.OneHot;
import org.ntk4j.learn.PrimalRidge;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;
import org.ntk4j.spark.NtkFeatures;
import org.ntk4j.spark.NtkRidge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rows per second of fitting NtkFeatures + NtkRidge (features, Gram passes, λ selection and solve)
 * on local[1] and local[2], against the single-machine core path (FeatureMap.transform + GramStats
 * + PrimalRidge) on the same rows. Spark runs one ntk4j thread per task (as on a cluster); the
 * single-machine run uses 1 and 2 threads. Input loading and caching are not timed.
 *
 * <pre>
 * java $FLAGS -cp ntk4j-spark-app.jar:$(cat spark-classpath.txt) org.ntk4j.spark.bench.SparkRidgeBenchmark \
 *   --data ../shared/data/libsvm/a8a [--map SPEC] [--lambda gcv] [--partitions 4] [--repeats 3]
 * ... or --synthetic 100000x512 instead of --data (dense Gaussian rows, regression)
 * </pre>
 */
public final class SparkRidgeBenchmark {
    private SparkRidgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String data = null;
        String synthetic = null;
        String spec = "linear(seed=0)";
        String lambda = "gcv";
        int partitions = 4;
        int repeats = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = args[i + 1];
                case "--synthetic" -> synthetic = args[i + 1];
                case "--map" -> spec = args[i + 1];
                case "--lambda" -> lambda = args[i + 1];
                case "--partitions" -> partitions = Integer.parseInt(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if ((data == null) == (synthetic == null)) {
            throw new IllegalArgumentException("give --data LIBSVM_FILE or --synthetic NxD");
        }
        boolean classification = data != null;
        Local local = data != null ? libsvm(Path.of(data)) : synthetic(synthetic);
        System.out.printf(Locale.ROOT, "data %s: %d rows x %d inputs; map %s; lambda %s; %d partitions; median of %d fits%n",
                data != null ? data : "synthetic " + synthetic, local.x.rows(), local.x.cols(), spec, lambda, partitions, repeats);

        for (String master : List.of("local[1]", "local[2]")) {
            Parallel.setThreads(1);
            SparkSession spark = SparkSession.builder().master(master).appName("ntk4j-bench")
                    .config("spark.ui.enabled", false).config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            Dataset<Row> df = frame(spark, local, partitions).cache();
            df.count();
            Pipeline p = new Pipeline().setStages(new PipelineStage[] {
                new NtkFeatures().setSpec(spec).setOutputCol("phi"),
                new NtkRidge().setFeaturesCol("phi").setLambda(lambda)
                        .setTask(classification ? "classification" : "regression")});
            double[] s = time(repeats, () -> p.fit(df));
            report(master + " (1 thread per task)", local.x.rows(), s);
            df.unpersist();
            spark.stop();
        }
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            FeatureMap map = FeatureMaps.build(FeatureMapSpec.parse(spec), new int[] {local.x.cols()});
            LambdaSelection sel = LambdaSelection.parse(lambda, 0);
            double[] s = time(repeats, () -> coreFit(map, local, classification, sel));
            report("single machine, core, " + threads + " thread" + (threads > 1 ? "s" : ""), local.x.rows(), s);
        }
    }

    /** Inputs and labels held on the driver; the same rows feed Spark and the core. */
    private record Local(Rows x, double[] y) {
    }

    private static Local libsvm(Path file) throws Exception {
        org.ntk4j.data.Dataset d = LibsvmReader.read(file);
        double[] y = d.targets().column(0);
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] > 0 ? 1 : 0;
        }
        return new Local(d.inputs(), y);
    }

    private static Local synthetic(String nxd) {
        String[] p = nxd.split("x");
        int n = Integer.parseInt(p[0]);
        int d = Integer.parseInt(p[1]);
        DoubleMatrix x = new DoubleMatrix(n, d);
        RandomStream.of(1).fillGaussian(x.data());
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = x.get(i, 0) - 2 * x.get(i, 1) + 0.5 * x.get(i, d - 1);
        }
        return new Local(x, y);
    }

    private static Dataset<Row> frame(SparkSession spark, Local local, int partitions) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false)
                .add("label", DataTypes.DoubleType, false);
        List<Row> rows = new ArrayList<>(local.y.length);
        for (int i = 0; i < local.y.length; i++) {
            Rows r = local.x.rowRange(i, i + 1);
            var v = r instanceof org.ntk4j.linalg.CsrMatrix c
                    ? Vectors.sparse(c.cols(), c.colIndex(), c.values())
                    : Vectors.dense(((DoubleMatrix) r).data());
            rows.add(RowFactory.create(v, local.y[i]));
        }
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    private static void coreFit(FeatureMap map, Local local, boolean classification, LambdaSelection sel) {
        int n = local.y.length;
        int k = classification ? 2 : 1;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (int) local.y[i];
        }
        GramStats[] stats = new GramStats[sel.groups()];
        for (int g = 0; g < stats.length; g++) {
            stats[g] = new GramStats(map.outputDim(), k);
        }
        // hold-out and k-fold groups are not reproduced here: all rows go to group 0 (timing only)
        for (int from = 0; from < n; from += 1024) {
            int to = Math.min(n, from + 1024);
            DoubleMatrix phi = map.transform(local.x.rowRange(from, to)).toDouble();
            DoubleMatrix y = classification ? OneHot.encode(Arrays.copyOfRange(labels, from, to), 2)
                    : new DoubleMatrix(to - from, 1, Arrays.copyOfRange(local.y, from, to));
            stats[(from / 1024) % stats.length].add(phi, y);
        }
        PrimalRidge.fit(stats, sel);
    }

    /** One warm-up run (JIT, map build), then the seconds of each timed run. */
    private static double[] time(int repeats, Runnable r) {
        r.run();
        double[] s = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        return s;
    }

    private static void report(String what, int rows, double[] seconds) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        System.out.printf(Locale.ROOT, "%-40s %10.0f rows/s  (median %.2f s; runs %s)%n", what, rows / median, median,
                Arrays.toString(Arrays.stream(seconds).map(v -> Math.round(v * 100) / 100.0).toArray()));
    }
}
