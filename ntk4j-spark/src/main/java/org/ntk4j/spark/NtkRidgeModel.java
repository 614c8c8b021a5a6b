package org.ntk4j.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ntk4j.learn.LambdaCurve;
import org.ntk4j.learn.LinearPredictor;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The fitted ridge model: y = φ·W + b for m features and k outputs. Regression writes the value
 * to predictionCol; classification writes the k class scores to rawPredictionCol and the index of
 * the largest (the first on ties) to predictionCol. Predictions run per partition in row blocks
 * against the broadcast weights.
 *
 * <p>Saved as Spark's JSON metadata (params) plus two Parquet tables: {@code data/weights}, one row
 * per feature (its k weights) and a last row with the intercept, and {@code data/fit} with λ and
 * the selection curve.
 */
public final class NtkRidgeModel extends Model<NtkRidgeModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final DoubleMatrix weights;
    private final double[] intercept;
    private final double lambda;
    private final double relativeLambda;
    private final LambdaCurve curve;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final Param<String> rawPredictionCol;
    private final Param<String> task;
    private final IntParam blockRows;

    NtkRidgeModel(String uid, DoubleMatrix weights, double[] intercept, double lambda, double relativeLambda,
                  LambdaCurve curve) {
        if (weights.cols() != intercept.length) {
            throw new IllegalArgumentException(weights.cols() + " weight columns but " + intercept.length + " intercepts");
        }
        this.uid = uid;
        this.weights = weights;
        this.intercept = intercept.clone();
        this.lambda = lambda;
        this.relativeLambda = relativeLambda;
        this.curve = curve;
        featuresCol = new Param<>(this, "featuresCol", "feature vectors");
        predictionCol = new Param<>(this, "predictionCol", "prediction: the value, or the class index");
        rawPredictionCol = new Param<>(this, "rawPredictionCol", "classification scores per class");
        task = new Param<>(this, "task", "regression or classification",
                ParamValidators.inArray(List.of("regression", "classification")));
        blockRows = new IntParam(this, "blockRows", "rows per block in predictions (0: about 16 MiB of features per block)",
                ParamValidators.gtEq(0));
        setDefault(featuresCol, "ntkFeatures");
        setDefault(predictionCol, "prediction");
        setDefault(rawPredictionCol, "rawPrediction");
        setDefault(task, "regression");
        setDefault(blockRows, (Object) 0);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> rawPredictionCol() {
        return rawPredictionCol;
    }

    public Param<String> task() {
        return task;
    }

    public IntParam blockRows() {
        return blockRows;
    }

    public NtkRidgeModel setFeaturesCol(String v) {
        set(featuresCol, v);
        return this;
    }

    public NtkRidgeModel setPredictionCol(String v) {
        set(predictionCol, v);
        return this;
    }

    public NtkRidgeModel setRawPredictionCol(String v) {
        set(rawPredictionCol, v);
        return this;
    }

    /** m × k weights (a copy). */
    public DoubleMatrix weights() {
        return weights.copy();
    }

    public double[] intercept() {
        return intercept.clone();
    }

    public int numFeatures() {
        return weights.rows();
    }

    public int numOutputs() {
        return weights.cols();
    }

    /** The λ used. */
    public double lambda() {
        return lambda;
    }

    /** λ relative to the mean squared centred feature norm (the grid's unit). */
    public double relativeLambda() {
        return relativeLambda;
    }

    /** The λ selection curve, or null for a fixed λ. */
    public LambdaCurve curve() {
        return curve;
    }

    public boolean isClassification() {
        return "classification".equals(getOrDefault(task));
    }

    /** The k outputs for one feature vector. */
    public double[] predictRaw(Vector features) {
        DoubleMatrix x = new DoubleMatrix(1, numFeatures());
        VectorBlocks.copyInto(checked(features), "features", x.data(), 0);
        return new LinearPredictor(weights, intercept).predict(x).data();
    }

    /** The prediction for one feature vector: the value, or the class index. */
    public double predict(Vector features) {
        double[] raw = predictRaw(features);
        return isClassification() ? argmax(raw, 0, raw.length) : raw[0];
    }

    private Vector checked(Vector v) {
        if (v.size() != numFeatures()) {
            throw new IllegalArgumentException("feature vector has " + v.size() + " values, the model expects " + numFeatures());
        }
        return v;
    }

    static int argmax(double[] a, int from, int k) {
        int best = 0;
        for (int o = 1; o < k; o++) {
            if (a[from + o] > a[from + best]) {
                best = o;
            }
        }
        return best;
    }

    // ---- Transformer ----

    static StructType outputSchema(StructType schema, String prediction, String raw, boolean classification) {
        List<String> names = List.of(schema.fieldNames());
        if (names.contains(prediction)) {
            throw new IllegalArgumentException("prediction column '" + prediction + "' already exists");
        }
        StructType out = schema;
        if (classification) {
            if (names.contains(raw)) {
                throw new IllegalArgumentException("raw prediction column '" + raw + "' already exists");
            }
            out = out.add(new AttributeGroup(raw).toStructField());
        }
        return out.add(prediction, DataTypes.DoubleType, false);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String f = getOrDefault(featuresCol);
        if (!List.of(schema.fieldNames()).contains(f)) {
            throw new IllegalArgumentException("features column '" + f + "' does not exist");
        }
        if (!schema.apply(f).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("features column '" + f + "' must be an ml Vector");
        }
        int d = AttributeGroup.fromStructField(schema.apply(f)).size();
        if (d > 0 && d != numFeatures()) {
            throw new IllegalArgumentException("features column '" + f + "' has " + d + " features, the model expects "
                    + numFeatures());
        }
        return outputSchema(schema, getOrDefault(predictionCol), getOrDefault(rawPredictionCol), isClassification());
    }

    /** What executors need to predict: plain arrays, broadcast once per transform. */
    record Coefficients(int m, int k, double[] weights, double[] intercept) implements Serializable {
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<Coefficients> coef = jsc.broadcast(new Coefficients(numFeatures(), numOutputs(), weights.data(), intercept));
        int column = dataset.schema().fieldIndex(getOrDefault(featuresCol));
        int rows = (Integer) getOrDefault(blockRows);
        return dataset.toDF().mapPartitions(predictor(coef, column, rows > 0 ? rows : NtkRidge.autoRows(numFeatures()),
                        isClassification()),
                Encoders.row(out));
    }

    private static MapPartitionsFunction<Row, Row> predictor(Broadcast<Coefficients> coef, int column, int blockRows,
                                                             boolean classification) {
        return rows -> new PredictionIterator(rows, coef.value(), column, blockRows, classification);
    }

    /** Predicts a block of rows with one matrix product and appends (scores,) prediction to each. */
    private static final class PredictionIterator implements Iterator<Row> {
        private final Iterator<Row> in;
        private final LinearPredictor predictor;
        private final int column;
        private final int blockRows;
        private final boolean classification;
        private List<Row> out = List.of();
        private int next;

        PredictionIterator(Iterator<Row> in, Coefficients c, int column, int blockRows, boolean classification) {
            this.in = in;
            this.predictor = new LinearPredictor(new DoubleMatrix(c.m(), c.k(), c.weights()), c.intercept());
            this.column = column;
            this.blockRows = blockRows;
            this.classification = classification;
        }

        @Override
        public boolean hasNext() {
            if (next < out.size()) {
                return true;
            }
            fill();
            return next < out.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return out.get(next++);
        }

        private void fill() {
            List<Row> block = new ArrayList<>(blockRows);
            while (block.size() < blockRows && in.hasNext()) {
                block.add(in.next());
            }
            next = 0;
            out = block;
            if (block.isEmpty()) {
                return;
            }
            int m = predictor.dim();
            int k = predictor.outputs();
            DoubleMatrix x = new DoubleMatrix(block.size(), m);
            for (int i = 0; i < block.size(); i++) {
                Object v = block.get(i).get(column);
                if (VectorBlocks.width(v, "features") != m) {
                    throw new IllegalArgumentException("feature vector has " + VectorBlocks.width(v, "features")
                            + " values, the model expects " + m);
                }
                VectorBlocks.copyInto(v, "features", x.data(), i * m);
            }
            double[] y = predictor.predict(x).data();
            List<Row> rows = new ArrayList<>(block.size());
            for (int i = 0; i < block.size(); i++) {
                Row r = block.get(i);
                int extra = classification ? 2 : 1;
                Object[] values = new Object[r.length() + extra];
                for (int j = 0; j < r.length(); j++) {
                    values[j] = r.get(j);
                }
                if (classification) {
                    values[r.length()] = new DenseVector(java.util.Arrays.copyOfRange(y, i * k, (i + 1) * k));
                    values[r.length() + 1] = (double) argmax(y, i * k, k);
                } else {
                    values[r.length()] = y[i];
                }
                rows.add(RowFactory.create(values));
            }
            out = rows;
        }
    }

    @Override
    public NtkRidgeModel copy(ParamMap extra) {
        NtkRidgeModel copy = new NtkRidgeModel(uid, weights, intercept, lambda, relativeLambda, curve);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }

    // ---- persistence ----

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<NtkRidgeModel> read() {
        return new Reader();
    }

    public static NtkRidgeModel load(String path) {
        return read().load(path);
    }

    private static final StructType WEIGHTS = new StructType()
            .add("row", DataTypes.IntegerType, false)
            .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    private static final StructType FIT = new StructType()
            .add("lambda", DataTypes.DoubleType, false)
            .add("relativeLambda", DataTypes.DoubleType, false)
            .add("criterion", DataTypes.StringType, true)
            .add("relativeLambdas", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("scores", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
            .add("chosen", DataTypes.IntegerType, false);

    private static final class Writer extends MLWriter {
        private final NtkRidgeModel model;

        Writer(NtkRidgeModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            SparkSession spark = sparkSession();
            DefaultParamsWriter.saveMetadata(model, path, spark);
            int m = model.numFeatures();
            List<Row> rows = new ArrayList<>(m + 1);
            for (int i = 0; i < m; i++) {
                rows.add(RowFactory.create(i, model.weights.row(i)));
            }
            rows.add(RowFactory.create(m, model.intercept.clone())); // the last row is the intercept
            spark.createDataFrame(rows, WEIGHTS).repartition(1).write().parquet(path + "/data/weights");
            LambdaCurve c = model.curve;
            Row fit = RowFactory.create(model.lambda, model.relativeLambda, c == null ? null : c.criterion(),
                    c == null ? null : c.relativeLambdas(), c == null ? null : c.scores(), c == null ? -1 : c.chosen());
            spark.createDataFrame(List.of(fit), FIT).repartition(1).write().parquet(path + "/data/fit");
        }
    }

    private static final class Reader extends MLReader<NtkRidgeModel> {
        @Override
        public NtkRidgeModel load(String path) {
            SparkSession spark = sparkSession();
            DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, spark, NtkRidgeModel.class.getName());
            List<Row> rows = new ArrayList<>(spark.read().parquet(path + "/data/weights").collectAsList());
            rows.sort(java.util.Comparator.comparingInt(r -> r.getInt(0)));
            int m = rows.size() - 1;
            if (m < 1) {
                throw new IllegalArgumentException(path + "/data/weights holds no weights");
            }
            int k = rows.get(m).getList(1).size();
            DoubleMatrix w = new DoubleMatrix(m, k);
            for (int i = 0; i < m; i++) {
                if (rows.get(i).getInt(0) != i || rows.get(i).getList(1).size() != k) {
                    throw new IllegalArgumentException(path + "/data/weights: row " + i + " is missing or has the wrong width");
                }
                List<Object> vals = rows.get(i).getList(1);
                for (int o = 0; o < k; o++) {
                    w.set(i, o, (Double) vals.get(o));
                }
            }
            double[] b = new double[k];
            List<Object> bv = rows.get(m).getList(1);
            for (int o = 0; o < k; o++) {
                b[o] = (Double) bv.get(o);
            }
            Row fit = spark.read().parquet(path + "/data/fit").first();
            LambdaCurve curve = fit.isNullAt(2) ? null : new LambdaCurve(fit.getString(2), doubles(fit.getList(3)),
                    doubles(fit.getList(4)), fit.getInt(5));
            NtkRidgeModel model = new NtkRidgeModel(meta.uid(), w, b, fit.getDouble(0), fit.getDouble(1), curve);
            meta.getAndSetParams(model, meta.getAndSetParams$default$2());
            return model;
        }

        private static double[] doubles(List<Object> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                Object v = l.get(i);
                out[i] = v == null ? Double.NaN : (Double) v;
            }
            return out;
        }
    }
}
