package org.ntk4j.spark;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersistenceTest {
    @TempDir
    Path dir;

    @Test
    void transformerRoundTripKeepsParamsAndFeatures() throws IOException {
        NtkFeatures t = new NtkFeatures().setInputCol("features").setOutputCol("phi").setMapKind("linear")
                .setMapParams("unused=1").setSeed(77).setBlockRows(5).setPrecision("double");
        t.save(dir.resolve("features").toString());
        NtkFeatures back = NtkFeatures.load(dir.resolve("features").toString());
        assertEquals(t.uid(), back.uid());
        assertEquals(t.resolvedSpec(), back.resolvedSpec());
        assertEquals(5, back.getBlockRows());
        assertEquals("double", back.getOrDefault(back.precision()));
        assertEquals("phi", back.getOutputCol());
    }

    @Test
    void estimatorRoundTripKeepsParams() throws IOException {
        NtkRidge r = new NtkRidge().setTask("classification").setLambda("holdout:0.3").setSeed(5)
                .setMaxBlockBytes(12345).setNumClasses(4).setCacheInput(false);
        r.save(dir.resolve("ridge").toString());
        NtkRidge back = NtkRidge.load(dir.resolve("ridge").toString());
        assertEquals(r.uid(), back.uid());
        assertEquals(r.selection(), back.selection());
        assertTrue(back.isClassification());
        assertEquals(12345L, back.getOrDefault(back.maxBlockBytes()));
        assertEquals(4, back.getOrDefault(back.numClasses()));
        assertEquals(false, back.getOrDefault(back.cacheInput()));
    }

    @Test
    void modelRoundTripPredictsIdentically() throws IOException {
        DoubleMatrix x = SparkTests.inputs(400, 5, 1, 21);
        double[] y = SparkTests.classes(x, 3, 4);
        Dataset<Row> f = new NtkFeatures().transform(SparkTests.frame(x, y, false, 2));
        NtkRidgeModel model = new NtkRidge().setTask("classification").setLambda("gcv").fit(f);
        String path = dir.resolve("model").toString();
        model.write().overwrite().save(path);
        NtkRidgeModel back = NtkRidgeModel.load(path);
        assertEquals(model.uid(), back.uid());
        assertEquals(0.0, model.weights().maxAbsDiff(back.weights()));
        assertArrayEquals(model.intercept(), back.intercept(), 0.0);
        assertEquals(model.lambda(), back.lambda());
        assertEquals(model.curve().chosen(), back.curve().chosen());
        assertArrayEquals(model.curve().scores(), back.curve().scores(), 0.0);
        assertTrue(back.isClassification());
        List<Row> a = model.transform(f).select("rawPrediction", "prediction").collectAsList();
        List<Row> b = back.transform(f).select("rawPrediction", "prediction").collectAsList();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(((Vector) a.get(i).get(0)).toArray(), ((Vector) b.get(i).get(0)).toArray(), 0.0);
            assertEquals(a.get(i).getDouble(1), b.get(i).getDouble(1));
        }

        // a fixed λ has no selection curve; that too survives the round trip
        NtkRidgeModel fixed = new NtkRidge().setLambda(2.0).fit(f);
        fixed.write().overwrite().save(path);
        NtkRidgeModel fixedBack = NtkRidgeModel.load(path);
        assertNull(fixedBack.curve());
        assertEquals(2.0, fixedBack.lambda());
    }

    @Test
    void pipelineRoundTripPredictsIdentically() throws IOException {
        DoubleMatrix x = SparkTests.inputs(300, 4, 1, 8);
        Dataset<Row> df = SparkTests.frame(x, SparkTests.linearTargets(x, 3), false, 2);
        Pipeline p = new Pipeline().setStages(new PipelineStage[] {
            new NtkFeatures().setOutputCol("phi"),
            new NtkRidge().setFeaturesCol("phi").setLambda("kfold:3")});
        p.write().overwrite().save(dir.resolve("pipeline").toString());
        Pipeline pBack = Pipeline.load(dir.resolve("pipeline").toString());
        PipelineModel model = pBack.fit(df);
        model.write().overwrite().save(dir.resolve("pipeline-model").toString());
        PipelineModel back = PipelineModel.load(dir.resolve("pipeline-model").toString());
        List<Row> a = model.transform(df).select("prediction").collectAsList();
        List<Row> b = back.transform(df).select("prediction").collectAsList();
        assertEquals(a, b);
    }
}
