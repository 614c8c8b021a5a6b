package org.ntk4j.spark;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.learn.GramStats;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.learn.OneHot;
import org.ntk4j.learn.PrimalRidge;
import org.ntk4j.linalg.DoubleMatrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtkRidgeTest {

    /** The single-machine fit: core features, GramStats in blocks of 100 rows by group, PrimalRidge. */
    static PrimalRidge.Result coreFit(DoubleMatrix phi, DoubleMatrix y, int[] group, LambdaSelection sel) {
        GramStats[] stats = new GramStats[sel.groups()];
        for (int g = 0; g < stats.length; g++) {
            stats[g] = new GramStats(phi.cols(), y.cols());
        }
        for (int g = 0; g < stats.length; g++) {
            int count = 0;
            for (int v : group) {
                count += v == g ? 1 : 0;
            }
            int[] idx = new int[count];
            int p = 0;
            for (int i = 0; i < group.length; i++) {
                if (group[i] == g) {
                    idx[p++] = i;
                }
            }
            for (int from = 0; from < count; from += 100) {
                int[] part = java.util.Arrays.copyOfRange(idx, from, Math.min(count, from + 100));
                stats[g].add(phi.selectRows(part), y.selectRows(part));
            }
        }
        return PrimalRidge.fit(stats, sel);
    }

    static int[] groupsOf(DoubleMatrix phi, double[] label, LambdaSelection sel) {
        int[] g = new int[phi.rows()];
        for (int i = 0; i < g.length; i++) {
            g[i] = RowGroupHash.group(sel, Vectors.dense(phi.row(i)), label[i]);
        }
        return g;
    }

    static DoubleMatrix column(double[] y) {
        return new DoubleMatrix(y.length, 1, y.clone());
    }

    /** max |a − b| / max(1, max |b|) over weights and intercept. */
    static double relativeGap(NtkRidgeModel model, PrimalRidge.Result core) {
        DoubleMatrix w = core.predictor().weights();
        double scale = 1;
        for (double v : w.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        double gap = model.weights().maxAbsDiff(w);
        double[] b = core.predictor().intercept();
        for (int o = 0; o < b.length; o++) {
            gap = Math.max(gap, Math.abs(model.intercept()[o] - b[o]));
            scale = Math.max(scale, Math.abs(b[o]));
        }
        return gap / scale;
    }

    /** Features through NtkFeatures (Spark) and through the core map (driver), from the same inputs. */
    record Problem(Dataset<Row> frame, DoubleMatrix phi, double[] label) {
    }

    static Problem problem(String spec, int n, int d, boolean classification, int partitions) {
        DoubleMatrix x = SparkTests.inputs(n, d, 1, 1234);
        double[] y = classification ? SparkTests.classes(x, 3, 5) : SparkTests.linearTargets(x, 5);
        FeatureMap map = SparkTests.mapOrSkip(spec, new int[] {d});
        Dataset<Row> f = new NtkFeatures().setSpec(spec).transform(SparkTests.frame(x, y, false, partitions));
        return new Problem(f, map.transform(x).toDouble(), y);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear(seed=0)", "ntk-rf(depth=1,m1=24,m0=24,ms=16,seed=3)"})
    void fixedLambdaEqualsSingleMachineRidge(String spec) {
        Problem p = problem(spec, 1500, 8, false, 3);
        LambdaSelection sel = LambdaSelection.fixed(0.5);
        NtkRidgeModel model = new NtkRidge().setLambda(0.5).fit(p.frame());
        PrimalRidge.Result core = coreFit(p.phi(), column(p.label()), new int[p.label().length], sel);
        assertTrue(relativeGap(model, core) < 1e-8, "gap " + relativeGap(model, core));
        assertEquals(0.5, model.lambda());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear(seed=0)", "ntk-rf(depth=1,m1=24,m0=24,ms=16,seed=3)"})
    void gcvChoosesTheSameLambdaAsSingleMachineRidge(String spec) {
        Problem p = problem(spec, 1500, 8, false, 3);
        NtkRidgeModel model = new NtkRidge().setLambda("gcv").fit(p.frame());
        PrimalRidge.Result core = coreFit(p.phi(), column(p.label()), new int[p.label().length], LambdaSelection.gcv());
        assertEquals(core.relativeLambda(), model.relativeLambda(), 0.0, "same grid point");
        assertEquals(core.lambda(), model.lambda(), 1e-10 * core.lambda());
        assertTrue(relativeGap(model, core) < 1e-8, "gap " + relativeGap(model, core));
        assertNotNull(model.curve());
    }

    @Test
    void oneHotClassificationEqualsSingleMachineRidge() {
        Problem p = problem("linear(seed=0)", 1200, 6, true, 4);
        NtkRidge ridge = new NtkRidge().setTask("classification").setLambda("gcv");
        NtkRidgeModel model = ridge.fit(p.frame());
        int[] labels = new int[p.label().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) p.label()[i];
        }
        PrimalRidge.Result core = coreFit(p.phi(), OneHot.encode(labels, 3), new int[labels.length], LambdaSelection.gcv());
        assertEquals(3, model.numOutputs());
        assertTrue(relativeGap(model, core) < 1e-8, "gap " + relativeGap(model, core));

        // predictions: argmax of the raw scores, which are φ·W + b
        Row r = model.transform(p.frame()).select("ntkFeatures", "rawPrediction", "prediction").first();
        double[] raw = ((Vector) r.get(1)).toArray();
        assertArrayEquals(model.predictRaw((Vector) r.get(0)), raw, 1e-12);
        assertEquals(NtkRidgeModel.argmax(raw, 0, 3), r.getDouble(2));
        long correct = model.transform(p.frame()).filter("prediction = label").count();
        assertTrue(correct > 0.8 * labels.length, "training accuracy " + correct + "/" + labels.length);
    }

    @Test
    void tinyColumnBlocksEqualOneBlock() {
        Problem p = problem("linear(seed=0)", 800, 8, false, 3);
        NtkRidge one = new NtkRidge().setLambda("holdout:0.25").setSeed(9);
        NtkRidge tiny = new NtkRidge().setLambda("holdout:0.25").setSeed(9).setMaxBlockBytes(1);
        NtkRidge some = new NtkRidge().setLambda("holdout:0.25").setSeed(9).setMaxBlockBytes(480);
        NtkRidgeModel a = one.fit(p.frame());
        NtkRidgeModel b = tiny.fit(p.frame());
        NtkRidgeModel c = some.fit(p.frame());
        assertEquals(2, one.lastFit().blockStarts().length, "one block from 0 to m");
        assertEquals(9, tiny.lastFit().blockStarts().length, "one row of ΦᵀΦ per block");
        int[] s = some.lastFit().blockStarts();
        // 2 groups · rows · (columns right of the diagonal + 1 output + 1 sum) · 8 bytes ≤ 480: blocks of 3, 4, 1 rows
        assertArrayEquals(new int[] {0, 3, 7, 8}, s);
        assertTrue(some.lastFit().maxTaskResultBytes() <= 480);
        assertEquals(a.relativeLambda(), b.relativeLambda(), 0.0);
        assertEquals(a.relativeLambda(), c.relativeLambda(), 0.0);
        assertTrue(a.weights().maxAbsDiff(b.weights()) < 1e-10);
        assertTrue(a.weights().maxAbsDiff(c.weights()) < 1e-10);
        assertArrayEquals(a.intercept(), b.intercept(), 1e-10);
    }

    @Test
    void holdoutIsIndependentOfPartitioningAndMatchesTheCoreOnTheSameGroups() {
        Problem p = problem("linear(seed=0)", 1000, 7, false, 2);
        LambdaSelection sel = LambdaSelection.holdout(0.2, 17);
        NtkRidgeModel two = new NtkRidge().setLambda("holdout:0.2").setSeed(17).fit(p.frame());
        NtkRidgeModel seven = new NtkRidge().setLambda("holdout:0.2").setSeed(17).fit(p.frame().repartition(7));
        assertEquals(two.relativeLambda(), seven.relativeLambda(), 0.0);
        assertTrue(two.weights().maxAbsDiff(seven.weights()) < 1e-10);

        int[] groups = groupsOf(p.phi(), p.label(), sel);
        int held = 0;
        for (int g : groups) {
            held += g;
        }
        assertTrue(held > 150 && held < 250, "about 20 % held out: " + held);
        PrimalRidge.Result core = coreFit(p.phi(), column(p.label()), groups, sel);
        assertEquals(core.relativeLambda(), two.relativeLambda(), 0.0);
        assertTrue(relativeGap(two, core) < 1e-8, "gap " + relativeGap(two, core));
        assertEquals("holdout-mse", two.curve().criterion());
    }

    @Test
    void columnBlockPlanCoversTheTriangleWithinTheBound() {
        for (int m : new int[] {1, 7, 100, 16384}) {
            for (long max : new long[] {1, 1000, 1 << 20, 128L << 20}) {
                int[] s = ColumnBlocks.plan(m, 3, 2, max);
                assertEquals(0, s[0]);
                assertEquals(m, s[s.length - 1]);
                for (int b = 0; b + 1 < s.length; b++) {
                    assertTrue(s[b + 1] > s[b]);
                    long bytes = ColumnBlocks.bytes(s[b], s[b + 1], m, 3, 2);
                    assertTrue(bytes <= max || s[b + 1] - s[b] == 1, "block " + b + " of m=" + m + " takes " + bytes);
                }
            }
        }
        // m = 16384 at the default bound: the 2 GiB Gram (per group) takes a handful of passes
        int[] s = ColumnBlocks.plan(16384, 10, 1, 128L << 20);
        assertTrue(s.length - 1 >= 8 && s.length - 1 <= 12, (s.length - 1) + " passes");
    }

    @Test
    void gramStatsFromSumsEqualsAccumulated() {
        DoubleMatrix phi = SparkTests.inputs(60, 5, 1, 4);
        DoubleMatrix y = column(SparkTests.linearTargets(phi, 2));
        GramStats added = new GramStats(5, 1);
        added.add(phi, y);
        DoubleMatrix g = org.ntk4j.linalg.Blas.multiply(phi, true, phi, false);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < i; j++) {
                g.set(i, j, Double.NaN); // only the upper triangle may be read
            }
        }
        double[] fs = new double[5];
        double ts = 0;
        double tq = 0;
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 5; j++) {
                fs[j] += phi.get(i, j);
            }
            ts += y.get(i, 0);
            tq += y.get(i, 0) * y.get(i, 0);
        }
        GramStats sums = GramStats.ofSums(60, g, org.ntk4j.linalg.Blas.multiply(phi, true, y, false), fs,
                new double[] {ts}, new double[] {tq});
        PrimalRidge.Result a = PrimalRidge.fit(new GramStats[] {added}, LambdaSelection.gcv());
        PrimalRidge.Result b = PrimalRidge.fit(new GramStats[] {sums}, LambdaSelection.gcv());
        assertEquals(a.lambda(), b.lambda(), 1e-12 * a.lambda());
        assertTrue(a.predictor().weights().maxAbsDiff(b.predictor().weights()) < 1e-9);
        assertThrows(IllegalArgumentException.class, () -> GramStats.ofSums(1, g, new DoubleMatrix(4, 1), fs,
                new double[1], new double[1]));
    }

    @Test
    void badLabelsAndWidthsFailWithClearMessages() {
        DoubleMatrix x = SparkTests.inputs(30, 3, 1, 8);
        double[] half = new double[30];
        java.util.Arrays.fill(half, 0.5);
        Exception e = assertThrows(IllegalArgumentException.class, () -> new NtkRidge().setFeaturesCol("features")
                .setTask("classification").fit(SparkTests.frame(x, half, false, 2)));
        assertTrue(e.getMessage().contains("class indices"), e.getMessage());
        double[] y = SparkTests.classes(x, 3, 1);
        Exception fewer = assertThrows(IllegalArgumentException.class, () -> new NtkRidge().setFeaturesCol("features")
                .setTask("classification").setNumClasses(2).fit(SparkTests.frame(x, y, false, 2)));
        assertTrue(fewer.getMessage().contains("numClasses"), fewer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NtkRidge().setLambda("sometimes"));
        assertThrows(IllegalArgumentException.class, () -> new NtkRidge().fit(SparkTests.frame(x, y, false, 1)),
                "default featuresCol ntkFeatures is absent");
    }
}
