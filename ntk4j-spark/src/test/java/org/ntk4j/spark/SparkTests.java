package org.ntk4j.spark;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.junit.jupiter.api.Assumptions;
import org.ntk4j.data.DataCatalog;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.features.FeatureMaps;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One local[2] SparkSession shared by all test classes of the forked JVM, plus test data helpers. */
final class SparkTests {
    private static SparkSession spark;

    private SparkTests() {
    }

    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("ntk4j-spark-tests")
                    .config("spark.ui.enabled", false)
                    .config("spark.sql.shuffle.partitions", 4)
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    static final StructType VECTOR_LABEL = new StructType()
            .add("features", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.DoubleType, false);

    /** Rows (x_i as a dense or sparse vector, y_i) in the given number of partitions. */
    static Dataset<Row> frame(DoubleMatrix x, double[] y, boolean sparse, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.rows(); i++) {
            Vector v = Vectors.dense(x.row(i));
            rows.add(RowFactory.create(sparse ? v.toSparse() : v, y[i]));
        }
        return spark().createDataFrame(rows, VECTOR_LABEL).repartition(partitions);
    }

    /** n × d Gaussian inputs; with density &lt; 1 most entries are zero (sparse rows). */
    static DoubleMatrix inputs(int n, int d, double density, long seed) {
        RandomStream rng = RandomStream.of(seed);
        DoubleMatrix x = new DoubleMatrix(n, d);
        rng.child("x").fillGaussian(x.data());
        RandomStream keep = rng.child("mask");
        if (density < 1) {
            for (int i = 0; i < x.data().length; i++) {
                if (keep.nextDouble() >= density) {
                    x.data()[i] = 0;
                }
            }
        }
        return x;
    }

    /** y = x·w + 2 + 0.1·noise with Gaussian w. */
    static double[] linearTargets(DoubleMatrix x, long seed) {
        RandomStream rng = RandomStream.of(seed);
        double[] w = new double[x.cols()];
        rng.child("w").fillGaussian(w);
        RandomStream e = rng.child("noise");
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            double s = 2;
            for (int j = 0; j < w.length; j++) {
                s += x.get(i, j) * w[j];
            }
            y[i] = s + 0.1 * e.nextGaussian();
        }
        return y;
    }

    /** Class = argmax of k random linear scores of x (a separable-ish k-class problem). */
    static double[] classes(DoubleMatrix x, int k, long seed) {
        double[] w = new double[x.cols() * k];
        RandomStream.of(seed).child("class-w").fillGaussian(w);
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < x.cols(); j++) {
                    s += x.get(i, j) * w[j * k + c];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[i] = best;
        }
        return y;
    }

    /** The core's map of a spec (every kind the tests name is in the core). */
    static FeatureMap mapOrSkip(String specText, int[] shape) {
        return FeatureMaps.build(FeatureMapSpec.parse(specText), shape);
    }

    /** The shared data folder, or the test is skipped when it is absent. */
    static Path sharedDataOrSkip(String relative) {
        Path root = DataCatalog.defaultSharedRoot();
        Path p = root.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared data " + p + " is absent");
        return p;
    }
}
