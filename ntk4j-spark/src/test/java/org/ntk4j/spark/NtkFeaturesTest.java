package org.ntk4j.spark;

import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Rows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtkFeaturesTest {
    /** Collects the input id column and output features in id order. */
    private static double[][] features(Dataset<Row> out, String col, int n) {
        double[][] f = new double[n][];
        for (Row r : out.select("id", col).collectAsList()) {
            f[r.getInt(0)] = ((Vector) r.get(1)).toArray();
        }
        return f;
    }

    private static Dataset<Row> withIds(DoubleMatrix x, boolean sparse, int partitions) {
        StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
                .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), false);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.rows(); i++) {
            Vector v = org.apache.spark.ml.linalg.Vectors.dense(x.row(i));
            rows.add(RowFactory.create(i, sparse ? v.toSparse() : v));
        }
        return SparkTests.spark().createDataFrame(rows, schema).repartition(partitions);
    }

    /** Bit-for-bit: every Spark feature equals the core's float32 feature widened to double. */
    private static void assertSameBits(FloatMatrix core, double[][] spark) {
        int m = core.cols();
        for (int i = 0; i < core.rows(); i++) {
            assertEquals(m, spark[i].length, "width of row " + i);
            for (int j = 0; j < m; j++) {
                double expected = core.get(i, j);
                if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(spark[i][j])) {
                    throw new AssertionError("row " + i + " feature " + j + ": core " + expected + ", spark " + spark[i][j]);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear(seed=0)", "ntk-rf(depth=2,m1=48,m0=32,ms=40,seed=11)", "ntk-sketch(depth=2,degree=4,dim=64,seed=5)"})
    void denseFeaturesEqualTheCoreBitForBit(String spec) {
        int n = 300;
        int d = 9;
        FeatureMap map = SparkTests.mapOrSkip(spec, new int[] {d});
        DoubleMatrix x = SparkTests.inputs(n, d, 1, 42);
        // blocks of 37 rows over 3 partitions: the blocks Spark forms differ from the core's one block
        NtkFeatures t = new NtkFeatures().setSpec(spec).setOutputCol("phi").setBlockRows(37);
        double[][] got = features(t.transform(withIds(x, false, 3)), "phi", n);
        assertSameBits(map.transform(x), got);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear(seed=0)", "ntk-rf(depth=2,m1=48,m0=32,ms=40,seed=11)", "ntk-sketch(depth=2,degree=4,dim=64,seed=5)"})
    void sparseFeaturesEqualTheCoreOnCsrInput(String spec) {
        int n = 250;
        int d = 40;
        FeatureMap map = SparkTests.mapOrSkip(spec, new int[] {d});
        DoubleMatrix x = SparkTests.inputs(n, d, 0.15, 7);
        NtkFeatures t = new NtkFeatures().setSpec(spec).setOutputCol("phi").setBlockRows(64);
        double[][] got = features(t.transform(withIds(x, true, 4)), "phi", n);
        Rows csr = CsrMatrix.fromDense(x);
        assertSameBits(map.transform(csr), got);
    }

    @Test
    void doublePrecisionMatchesTransformDouble() {
        int n = 120;
        int d = 6;
        DoubleMatrix x = SparkTests.inputs(n, d, 1, 3);
        FeatureMap map = SparkTests.mapOrSkip("linear(seed=0)", new int[] {d});
        NtkFeatures t = new NtkFeatures().setSpec("linear(seed=0)").setOutputCol("phi").setPrecision("double");
        double[][] got = features(t.transform(withIds(x, false, 2)), "phi", n);
        DoubleMatrix core = map.transformDouble(x);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(core.row(i), got[i], 0.0);
        }
    }

    @Test
    void arrayColumnWithShapeEqualsVectorColumn() {
        int n = 50;
        int d = 12;
        DoubleMatrix x = SparkTests.inputs(n, d, 1, 9);
        StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
                .add("pixels", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(i, x.row(i)));
        }
        Dataset<Row> df = SparkTests.spark().createDataFrame(rows, schema);
        NtkFeatures t = new NtkFeatures().setInputCol("pixels").setOutputCol("phi").setInputShape("3x2x2");
        double[][] got = features(t.transform(df), "phi", n);
        FeatureMap map = SparkTests.mapOrSkip("linear(seed=0)", new int[] {3, 2, 2});
        assertSameBits(map.transform(x), got);
    }

    @Test
    void specFromKindParamsAndSeedEqualsSpecText() {
        NtkFeatures byParts = new NtkFeatures().setMapKind("ntk-rf")
                .setMapParams(Map.of("depth", "2")).setSeed(11);
        assertEquals(FeatureMapSpec.of("ntk-rf", 11, "depth", "2"), byParts.resolvedSpec());
        NtkFeatures text = new NtkFeatures().setMapKind("ignored").setSpec("ntk-rf(depth=2,seed=11)");
        assertEquals(byParts.resolvedSpec(), text.resolvedSpec());
        assertThrows(IllegalArgumentException.class,
                () -> new NtkFeatures().setMapParams("depth").resolvedSpec());
    }

    @Test
    void outputCarriesItsWidthAndBadInputFailsClearly() {
        DoubleMatrix x = SparkTests.inputs(20, 5, 1, 1);
        Dataset<Row> df = withIds(x, false, 1);
        StructType withWidth = new StructType().add("id", DataTypes.IntegerType)
                .add(new AttributeGroup("features", 5).toStructField());
        StructType out = new NtkFeatures().setOutputCol("phi").transformSchema(withWidth);
        assertEquals(5, AttributeGroup.fromStructField(out.apply("phi")).size());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new NtkFeatures().setMapKind("no-such-map").transformSchema(withWidth));
        assertTrue(unknown.getMessage().contains("no-such-map"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NtkFeatures().setInputCol("nope").transform(df));
        assertThrows(IllegalArgumentException.class, () -> new NtkFeatures().setInputCol("id").transform(df));

        // a declared shape that disagrees with the vectors fails in the job, naming the column
        Exception wrongWidth = assertThrows(Exception.class,
                () -> new NtkFeatures().setInputShape("6").setOutputCol("phi").transform(df).collectAsList());
        assertTrue(String.valueOf(rootMessage(wrongWidth)).contains("width 5"), rootMessage(wrongWidth));
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() + " (" + t.getMessage() + ")";
    }

    @Test
    void executorsReuseOneMapPerSpecAndShape() {
        DoubleMatrix x = SparkTests.inputs(64, 4, 1, 2);
        NtkFeatures t = new NtkFeatures().setSpec("linear(seed=0)").setOutputCol("phi").setBlockRows(8);
        t.transform(withIds(x, false, 4)).count();
        FeatureMap a = FeatureMapCache.get("linear(seed=0)", new int[] {4});
        FeatureMap b = FeatureMapCache.get("linear(seed=0)", new int[] {4});
        assertTrue(a == b, "one cached instance per spec and shape");
        assertTrue(FeatureMapCache.get("linear(seed=0)", new int[] {2, 2}) != a, "the shape is part of the key");
    }
}
