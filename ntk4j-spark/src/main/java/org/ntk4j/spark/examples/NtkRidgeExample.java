package org.ntk4j.spark.examples;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ntk4j.data.TrainTest;
import org.ntk4j.data.UciSplits;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.spark.NtkFeatures;
import org.ntk4j.spark.NtkRidge;
import org.ntk4j.spark.NtkRidgeModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits NtkFeatures + NtkRidge as a Spark ML Pipeline on a LIBSVM file (read by Spark's own
 * reader, seeded 80/20 split) or a UCI split folder (read on the driver by ntk4j's reader),
 * reports test accuracy or RMSE, and saves the fitted pipeline.
 *
 * <pre>
 * spark-submit --class org.ntk4j.spark.examples.NtkRidgeExample ntk4j-spark-app.jar \
 *   --data a8a --map 'ntk-rf(depth=2,m1=2048,m0=2048,ms=2048,seed=1)' --lambda gcv --out /tmp/ntk-a8a
 * </pre>
 */
public final class NtkRidgeExample {
    private NtkRidgeExample() {
    }

    static final String USAGE = """
            usage: NtkRidgeExample --data PATH --out DIR [--format libsvm|uci] [--task classification|regression]
                                   [--map SPEC] [--lambda gcv|holdout:F|kfold:K|NUMBER] [--split K] [--seed S]
                                   [--standardize true|false] [--partitions N] [--master URL]
              --data        a LIBSVM file, or a UCI folder with data.txt and index files
              --map         feature map spec, e.g. linear(seed=0) or ntk-rf(depth=2,m1=1024,m0=1024,ms=1024,seed=1)
              --lambda      how λ is chosen on the training rows (default gcv)
              --out         where the fitted pipeline (out/model) and out/metrics.txt go
              --master      only when not launched by spark-submit (e.g. local[2])""";

    public static void main(String[] args) throws IOException {
        Map<String, String> a;
        try {
            a = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SparkSession.Builder b = SparkSession.builder().appName("ntk4j NtkRidgeExample");
        if (a.containsKey("master")) {
            b.master(a.get("master"));
        }
        SparkSession spark = b.getOrCreate();
        try {
            Map<String, Object> metrics = run(spark, a);
            metrics.forEach((k, v) -> System.out.println(k + ": " + v));
        } finally {
            spark.stop();
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            a.put(args[i].substring(2), args[++i]);
        }
        for (String required : List.of("data", "out")) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required);
            }
        }
        return a;
    }

    /** Fits, evaluates and saves; returns the metrics it also writes to out/metrics.txt. */
    public static Map<String, Object> run(SparkSession spark, Map<String, String> a) throws IOException {
        Path data = Path.of(a.get("data"));
        String format = a.getOrDefault("format", Files.isDirectory(data) ? "uci" : "libsvm");
        boolean classification = a.getOrDefault("task", format.equals("libsvm") ? "classification" : "regression")
                .equals("classification");
        boolean standardize = Boolean.parseBoolean(a.getOrDefault("standardize", String.valueOf(format.equals("uci"))));
        long seed = Long.parseLong(a.getOrDefault("seed", "0"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions",
                String.valueOf(Math.max(2, spark.sparkContext().defaultParallelism()))));

        Dataset<Row>[] trainTest = switch (format) {
            case "libsvm" -> {
                Dataset<Row> all = spark.read().format("libsvm").load(data.toString());
                yield all.randomSplit(new double[] {0.8, 0.2}, seed);
            }
            case "uci" -> uci(spark, data, Integer.parseInt(a.getOrDefault("split", "0")));
            default -> throw new IllegalArgumentException("unknown --format " + format + " (libsvm or uci)");
        };
        Dataset<Row> train = trainTest[0].repartition(partitions).cache();
        Dataset<Row> test = trainTest[1].repartition(partitions).cache();

        List<PipelineStage> stages = new ArrayList<>();
        String features = "features";
        if (standardize) {
            stages.add(new StandardScaler().setInputCol("features").setOutputCol("scaled").setWithMean(true).setWithStd(true));
            features = "scaled";
        }
        String label = "label";
        if (classification) {
            // class names (e.g. -1/+1 in LIBSVM files) to indices 0..k-1
            stages.add(new StringIndexer().setInputCol("label").setOutputCol("classIndex"));
            label = "classIndex";
        }
        NtkFeatures ntk = new NtkFeatures().setInputCol(features).setOutputCol("ntkFeatures")
                .setSpec(a.getOrDefault("map", "linear(seed=0)"));
        NtkRidge ridge = new NtkRidge().setFeaturesCol("ntkFeatures").setLabelCol(label)
                .setTask(classification ? "classification" : "regression")
                .setLambda(a.getOrDefault("lambda", "gcv")).setSeed(seed);
        stages.add(ntk);
        stages.add(ridge);

        long t0 = System.nanoTime();
        PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        Dataset<Row> predicted = model.transform(test);

        Map<String, Object> m = new LinkedHashMap<>();
        NtkRidgeModel ridgeModel = (NtkRidgeModel) model.stages()[model.stages().length - 1];
        m.put("data", data + " (" + format + ")");
        m.put("map", ntk.resolvedSpec() + " -> " + ridgeModel.numFeatures() + " features");
        m.put("train rows", train.count());
        m.put("test rows", test.count());
        m.put("lambda", String.format(Locale.ROOT, "%.4g (relative %.3g, rule %s)", ridgeModel.lambda(),
                ridgeModel.relativeLambda(), a.getOrDefault("lambda", "gcv")));
        if (classification) {
            double acc = new MulticlassClassificationEvaluator().setLabelCol(label).setPredictionCol("prediction")
                    .setMetricName("accuracy").evaluate(predicted);
            m.put("test accuracy", String.format(Locale.ROOT, "%.4f", acc));
        } else {
            double rmse = new RegressionEvaluator().setLabelCol(label).setPredictionCol("prediction")
                    .setMetricName("rmse").evaluate(predicted);
            m.put("test rmse", String.format(Locale.ROOT, "%.4f", rmse));
        }
        m.put("fit seconds", String.format(Locale.ROOT, "%.1f", fitSeconds));

        Path out = Path.of(a.get("out"));
        model.write().overwrite().save(out.resolve("model").toString());
        m.put("model", out.resolve("model").toString());
        StringBuilder text = new StringBuilder();
        m.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        Files.createDirectories(out);
        Files.writeString(out.resolve("metrics.txt"), text, StandardCharsets.UTF_8);
        train.unpersist();
        test.unpersist();
        return m;
    }

    /** A UCI split read by ntk4j on the driver and parallelised as (features, label) rows. */
    @SuppressWarnings({"unchecked", "rawtypes"}) // Java has no generic array creation
    static Dataset<Row>[] uci(SparkSession spark, Path folder, int split) throws IOException {
        TrainTest tt = UciSplits.read(folder, split);
        return new Dataset[] {frame(spark, tt.train()), frame(spark, tt.test())};
    }

    static Dataset<Row> frame(SparkSession spark, org.ntk4j.data.Dataset d) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false)
                .add("label", DataTypes.DoubleType, false);
        DoubleMatrix x = d.inputs().dense();
        DoubleMatrix y = d.targets();
        List<Row> rows = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            rows.add(RowFactory.create(Vectors.dense(x.row(i)), y.get(i, 0)));
        }
        return spark.createDataFrame(rows, schema);
    }
}
