package org.ntk4j.spark;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.spark.examples.NtkRidgeExample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end on the shared real data (skipped when absent) and a small CrossValidator grid. */
class PipelineTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"linear(seed=0)", "ntk-rf(depth=1,m1=256,m0=256,ms=256,seed=1)"})
    void a8aThroughSparksLibsvmReader(String spec) {
        Path a8a = SparkTests.sharedDataOrSkip("libsvm/a8a");
        SparkTests.mapOrSkip(spec, new int[] {123});
        Dataset<Row> all = SparkTests.spark().read().format("libsvm").option("numFeatures", "123").load(a8a.toString())
                .withColumn("label", functions.when(functions.col("label").gt(0), 1.0).otherwise(0.0));
        Dataset<Row>[] split = all.randomSplit(new double[] {0.8, 0.2}, 1);
        Dataset<Row> train = split[0].repartition(2).cache();
        Dataset<Row> test = split[1].repartition(2).cache();
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
            new NtkFeatures().setSpec(spec).setOutputCol("phi"),
            new NtkRidge().setFeaturesCol("phi").setTask("classification").setLambda("gcv")}).fit(train);
        double acc = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(test));
        NtkRidgeModel ridge = (NtkRidgeModel) model.stages()[1];
        System.out.printf(Locale.ROOT, "a8a %s: %d train, %d test rows, test accuracy %.4f, relative λ %.3g%n",
                spec, train.count(), test.count(), acc, ridge.relativeLambda());
        // the majority class is 76 %; linear models reach about 84-85 %
        assertTrue(acc > 0.82, "a8a accuracy " + acc);
        train.unpersist();
        test.unpersist();
    }

    @Test
    void proteinSplitZeroThroughTheExample() throws Exception {
        Path protein = SparkTests.sharedDataOrSkip("uci-gal/protein-tertiary-structure");
        Map<String, Object> m = NtkRidgeExample.run(SparkTests.spark(), Map.of(
                "data", protein.toString(), "out", dir.resolve("protein").toString(), "lambda", "gcv"));
        System.out.println("protein split 0: " + m);
        double rmse = Double.parseDouble((String) m.get("test rmse"));
        // the target's standard deviation is about 6.1; linear ridge reaches about 5.2
        assertTrue(rmse < 5.5, "protein rmse " + rmse);
        assertTrue(Files.exists(dir.resolve("protein/model/metadata")));
        assertTrue(Files.readString(dir.resolve("protein/metrics.txt")).contains("test rmse"));
        assertEquals(PipelineModel.class, PipelineModel.load(dir.resolve("protein/model").toString()).getClass());
    }

    @Test
    void crossValidatorOverLambdaAndMapRuns() {
        DoubleMatrix x = SparkTests.inputs(600, 5, 1, 31);
        double[] y = SparkTests.linearTargets(x, 6);
        Dataset<Row> df = SparkTests.frame(x, y, false, 2).cache();
        NtkFeatures ntk = new NtkFeatures().setOutputCol("phi");
        NtkRidge ridge = new NtkRidge().setFeaturesCol("phi");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StandardScaler().setInputCol("features").setOutputCol("scaled"), ntk, ridge});
        ntk.setInputCol("scaled");
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(ridge.lambda(), scala.jdk.javaapi.CollectionConverters.asScala(
                        java.util.List.of("1e4", "1e-3", "gcv")).toSeq())
                .build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(new RegressionEvaluator().setMetricName("rmse")).setNumFolds(3).setSeed(2).fit(df);
        double[] rmse = cv.avgMetrics();
        assertEquals(3, rmse.length);
        // a huge fixed λ shrinks the weights to nothing; a small one or GCV fits the linear target
        assertTrue(rmse[0] > 10 * rmse[1] && rmse[0] > 10 * rmse[2], java.util.Arrays.toString(rmse));
        NtkRidgeModel best = (NtkRidgeModel) ((PipelineModel) cv.bestModel()).stages()[2];
        assertTrue(best.lambda() < 1, "best λ " + best.lambda());
        df.unpersist();
    }
}
