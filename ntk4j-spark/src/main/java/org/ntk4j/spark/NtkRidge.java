package org.ntk4j.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ntk4j.learn.GramStats;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.learn.PrimalRidge;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.Serializable;
import java.util.List;

/**
 * Spark ML estimator: ridge regression (or one-hot least-squares classification) on a column of
 * feature vectors, with an unpenalised intercept and λ chosen on the training data by the core's
 * {@link PrimalRidge}: GCV from one eigen-decomposition, a hold-out fraction, k-fold, or fixed.
 *
 * <p>ΦᵀΦ, ΦᵀY and the sums are accumulated with {@code treeAggregate}, one aggregation per
 * column block of ΦᵀΦ (see {@link ColumnBlocks}) so that no task result exceeds
 * {@code maxBlockBytes}; the driver assembles the blocks into the core's {@link GramStats} and
 * solves there. Nothing is standardised: this is ridge on the given features.
 */
public final class NtkRidge extends Estimator<NtkRidgeModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> rawPredictionCol;
    private final Param<String> task;
    private final Param<String> lambda;
    private final LongParam seed;
    private final IntParam numClasses;
    private final LongParam maxBlockBytes;
    private final IntParam blockRows;
    private final IntParam aggregationDepth;
    private final BooleanParam cacheInput;

    /** What the last fit did, for logs and tests (driver-side only). */
    public record FitReport(long rows, int features, int outputs, int groups, int[] blockStarts, long maxTaskResultBytes) {
    }

    private transient volatile FitReport lastFit;

    public NtkRidge() {
        this(Identifiable.randomUID("ntkRidge"));
    }

    public NtkRidge(String uid) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "feature vectors");
        labelCol = new Param<>(this, "labelCol", "label: a number (regression) or class index 0..k-1 (classification)");
        predictionCol = new Param<>(this, "predictionCol", "prediction: the value, or the class index");
        rawPredictionCol = new Param<>(this, "rawPredictionCol", "classification scores per class (one-hot regression outputs)");
        task = new Param<>(this, "task", "regression or classification (one-hot targets)",
                ParamValidators.inArray(List.of("regression", "classification")));
        lambda = new Param<>(this, "lambda", "λ rule: gcv, holdout[:FRACTION], kfold[:K] or a positive number (fixed λ)");
        seed = new LongParam(this, "seed", "seed of the hold-out / fold assignment");
        numClasses = new IntParam(this, "numClasses", "classes (0: 1 + the largest label seen)", ParamValidators.gtEq(0));
        maxBlockBytes = new LongParam(this, "maxBlockBytes",
                "largest task result of the Gram aggregation, in bytes; ΦᵀΦ is aggregated in column blocks of at most this size",
                ParamValidators.gtEq(1));
        blockRows = new IntParam(this, "blockRows",
                "rows per block in the Gram products (0: about 16 MiB of features per block, 32 to 1024 rows)",
                ParamValidators.gtEq(0));
        aggregationDepth = new IntParam(this, "aggregationDepth", "depth of treeAggregate", ParamValidators.gtEq(1));
        cacheInput = new BooleanParam(this, "cacheInput",
                "persist the (features, label) rows during fit when the input is not cached: the Gram takes several passes");
        setDefault(featuresCol, "ntkFeatures");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(rawPredictionCol, "rawPrediction");
        setDefault(task, "regression");
        setDefault(lambda, "gcv");
        setDefault(seed, (Object) 0L);
        setDefault(numClasses, (Object) 0);
        setDefault(maxBlockBytes, (Object) (128L << 20));
        setDefault(blockRows, (Object) 0);
        setDefault(aggregationDepth, (Object) 2);
        setDefault(cacheInput, (Object) true);
    }

    @Override
    public String uid() {
        return uid;
    }

    // ---- params ----

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> labelCol() {
        return labelCol;
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

    public Param<String> lambda() {
        return lambda;
    }

    public LongParam seed() {
        return seed;
    }

    public IntParam numClasses() {
        return numClasses;
    }

    public LongParam maxBlockBytes() {
        return maxBlockBytes;
    }

    public IntParam blockRows() {
        return blockRows;
    }

    public IntParam aggregationDepth() {
        return aggregationDepth;
    }

    public BooleanParam cacheInput() {
        return cacheInput;
    }

    public NtkRidge setFeaturesCol(String v) {
        set(featuresCol, v);
        return this;
    }

    public NtkRidge setLabelCol(String v) {
        set(labelCol, v);
        return this;
    }

    public NtkRidge setPredictionCol(String v) {
        set(predictionCol, v);
        return this;
    }

    public NtkRidge setRawPredictionCol(String v) {
        set(rawPredictionCol, v);
        return this;
    }

    public NtkRidge setTask(String v) {
        set(task, v);
        return this;
    }

    /** gcv, holdout[:FRACTION], kfold[:K] or a positive number. */
    public NtkRidge setLambda(String v) {
        LambdaSelection.parse(v, 0); // fail here, not in the middle of a job
        set(lambda, v);
        return this;
    }

    public NtkRidge setLambda(double fixed) {
        return setLambda(Double.toString(fixed));
    }

    public NtkRidge setSeed(long v) {
        set(seed, (Object) v);
        return this;
    }

    public NtkRidge setNumClasses(int v) {
        set(numClasses, (Object) v);
        return this;
    }

    public NtkRidge setMaxBlockBytes(long v) {
        set(maxBlockBytes, (Object) v);
        return this;
    }

    public NtkRidge setBlockRows(int v) {
        set(blockRows, (Object) v);
        return this;
    }

    public NtkRidge setAggregationDepth(int v) {
        set(aggregationDepth, (Object) v);
        return this;
    }

    public NtkRidge setCacheInput(boolean v) {
        set(cacheInput, (Object) v);
        return this;
    }

    public boolean isClassification() {
        return "classification".equals(getOrDefault(task));
    }

    public LambdaSelection selection() {
        return LambdaSelection.parse(getOrDefault(lambda), (Long) getOrDefault(seed));
    }

    /** Sizes and block plan of the last {@link #fit} on this instance, or null. */
    public FitReport lastFit() {
        return lastFit;
    }

    // ---- Estimator ----

    @Override
    public StructType transformSchema(StructType schema) {
        String f = getOrDefault(featuresCol);
        String l = getOrDefault(labelCol);
        List<String> names = List.of(schema.fieldNames());
        if (!names.contains(f)) {
            throw new IllegalArgumentException("features column '" + f + "' does not exist; columns: " + String.join(", ", names));
        }
        if (!schema.apply(f).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("features column '" + f + "' must be an ml Vector, found "
                    + schema.apply(f).dataType().simpleString());
        }
        if (names.contains(l) && !(schema.apply(l).dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("label column '" + l + "' must be numeric, found "
                    + schema.apply(l).dataType().simpleString());
        }
        return NtkRidgeModel.outputSchema(schema, getOrDefault(predictionCol), getOrDefault(rawPredictionCol),
                isClassification());
    }

    @Override
    public NtkRidgeModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String l = getOrDefault(labelCol);
        if (!List.of(dataset.schema().fieldNames()).contains(l)) {
            throw new IllegalArgumentException("label column '" + l + "' does not exist");
        }
        LambdaSelection selection = selection();
        boolean classification = isClassification();
        JavaRDD<Instance> instances = instances(dataset);
        boolean persist = (Boolean) getOrDefault(cacheInput) && dataset.storageLevel().equals(StorageLevel.NONE());
        if (persist) {
            instances.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            Summary s = instances.treeAggregate(new Summary(), Summary::add, Summary::merge, depth());
            s.check(classification);
            int m = s.dim;
            int k = classification ? classes(s) : 1;
            GramStats[] stats = aggregate(instances, m, k, selection.groups(), classification);
            PrimalRidge.Result r = PrimalRidge.fit(stats, selection);
            NtkRidgeModel model = new NtkRidgeModel(uid, r.predictor().weights(), r.predictor().intercept(), r.lambda(),
                    r.relativeLambda(), r.curve());
            copyValues(model, ParamMap.empty());
            return model.setParent(this);
        } finally {
            if (persist) {
                instances.unpersist(false);
            }
        }
    }

    private int classes(Summary s) {
        int declared = (Integer) getOrDefault(numClasses);
        if (declared > 0 && s.maxLabel >= declared) {
            throw new IllegalArgumentException("label " + (long) s.maxLabel + " does not fit numClasses = " + declared);
        }
        int k = Math.max(declared, (int) s.maxLabel + 1);
        if (k < 2) {
            throw new IllegalArgumentException("classification needs at least 2 classes; every label is 0");
        }
        return k;
    }

    /** Rows per Gram product: large enough for BLAS efficiency, small enough at m = 16384 (128 rows, 16 MiB). */
    int rowsPerBlock(int m) {
        int set = (Integer) getOrDefault(blockRows);
        if (set > 0) {
            return set;
        }
        return autoRows(m);
    }

    static int autoRows(int m) {
        return (int) Math.max(32, Math.min(1024, (16L << 20) / (8L * m)));
    }

    private int depth() {
        return (Integer) getOrDefault(aggregationDepth);
    }

    /** (features, label, group) per row; the group hash is computed once, before any caching. */
    private JavaRDD<Instance> instances(Dataset<?> dataset) {
        Dataset<Row> df = dataset.select(functions.col(getOrDefault(featuresCol)),
                functions.col(getOrDefault(labelCol)).cast(DataTypes.DoubleType));
        return toInstances(df, getOrDefault(labelCol), getOrDefault(lambda), (Long) getOrDefault(seed));
    }

    /** Static so that the closure holds plain values, not this estimator. */
    private static JavaRDD<Instance> toInstances(Dataset<Row> df, String labelName, String rule, long seed) {
        return df.javaRDD().mapPartitions(rows -> {
            LambdaSelection selection = LambdaSelection.parse(rule, seed); // a record, not serialisable: rebuilt here
            return new java.util.Iterator<Instance>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Instance next() {
                    Row row = rows.next();
                    if (row.isNullAt(0) || row.isNullAt(1)) {
                        throw new IllegalArgumentException("a row has a null feature vector or label ('" + labelName + "')");
                    }
                    Vector v = (Vector) row.get(0);
                    double y = row.getDouble(1);
                    return new Instance(v, y, RowGroupHash.group(selection, v, y));
                }
            };
        });
    }

    /**
     * One treeAggregate per column block of ΦᵀΦ; the final merge runs on an executor, so the
     * driver receives one block-sized result per pass and assembles the full statistics.
     */
    private GramStats[] aggregate(JavaRDD<Instance> instances, int m, int k, int groups, boolean oneHot) {
        long maxBytes = (Long) getOrDefault(maxBlockBytes);
        int[] starts = ColumnBlocks.plan(m, k, groups, maxBytes);
        int rows = rowsPerBlock(m);
        DoubleMatrix[] gram = new DoubleMatrix[groups];
        DoubleMatrix[] cross = new DoubleMatrix[groups];
        double[][] featureSum = new double[groups][m];
        long[] count = new long[groups];
        double[][] targetSum = new double[groups][k];
        double[][] targetSquares = new double[groups][k];
        for (int g = 0; g < groups; g++) {
            gram[g] = new DoubleMatrix(m, m);
            cross[g] = new DoubleMatrix(m, k);
        }
        JavaRDD<FeatureBlock> blocks = instances.mapPartitions(it -> new FeatureBlocks(it, m, k, oneHot, groups, rows));
        long largest = 0;
        for (int b = 0; b + 1 < starts.length; b++) {
            int from = starts[b];
            int to = starts[b + 1];
            GramBlock part = blocks.treeAggregate(new GramBlock(from, to, m, k, groups), GramBlock::add,
                    GramBlock::merge, depth(), true);
            largest = Math.max(largest, ColumnBlocks.bytes(from, to, m, k, groups));
            if (part.isEmpty()) {
                throw new IllegalArgumentException("no training rows");
            }
            for (int g = 0; g < groups; g++) {
                if (b == 0) {
                    count[g] = part.count[g];
                    targetSum[g] = part.targetSum[g];
                    targetSquares[g] = part.targetSquares[g];
                } else if (part.count[g] != count[g]) {
                    // every pass must see the same rows: an input recomputed differently (e.g. an
                    // unseeded sample without cache) would silently mix statistics of different data
                    throw new IllegalStateException("the input changed between passes over the data (" + count[g]
                            + " then " + part.count[g] + " rows); make it deterministic or cache it");
                }
                place(part, g, gram[g], cross[g], featureSum[g]);
            }
        }
        GramStats[] stats = new GramStats[groups];
        for (int g = 0; g < groups; g++) {
            stats[g] = GramStats.ofSums(count[g], gram[g], cross[g], featureSum[g], targetSum[g], targetSquares[g]);
        }
        long n = 0;
        for (long c : count) {
            n += c;
        }
        lastFit = new FitReport(n, m, k, groups, starts, largest);
        return stats;
    }

    /** Copies one block's rows into the full matrices (upper part of ΦᵀΦ; GramStats mirrors it). */
    private static void place(GramBlock part, int g, DoubleMatrix gram, DoubleMatrix cross, double[] featureSum) {
        int m = part.dim;
        int k = part.outputs;
        int w = m - part.from;
        for (int r = part.from; r < part.to; r++) {
            int i = r - part.from;
            System.arraycopy(part.gram[g], i * w, gram.data(), r * m + part.from, w);
            System.arraycopy(part.cross[g], i * k, cross.data(), r * k, k);
            featureSum[r] = part.featureSum[g][i];
        }
    }

    /** Row count, feature width and label range, checked in one cheap pass before the Gram passes. */
    static final class Summary implements Serializable {
        private static final long serialVersionUID = 1L;
        long count;
        int dim = -1;
        double maxLabel = Double.NEGATIVE_INFINITY;
        double minLabel = Double.POSITIVE_INFINITY;
        boolean integral = true;
        String problem;

        Summary add(Instance r) {
            int d = r.features().size();
            if (dim < 0) {
                dim = d;
            } else if (d != dim && problem == null) {
                problem = "feature vectors have different sizes (" + dim + " and " + d + ")";
            }
            double y = r.label();
            if (!Double.isFinite(y) && problem == null) {
                problem = "a label is not finite (" + y + ")";
            }
            maxLabel = Math.max(maxLabel, y);
            minLabel = Math.min(minLabel, y);
            integral &= y == Math.rint(y);
            count++;
            return this;
        }

        Summary merge(Summary o) {
            if (o.count == 0) {
                return this;
            }
            if (count == 0) {
                return o;
            }
            if (problem == null) {
                problem = o.problem;
            }
            if (problem == null && o.dim != dim) {
                problem = "feature vectors have different sizes (" + dim + " and " + o.dim + ")";
            }
            count += o.count;
            maxLabel = Math.max(maxLabel, o.maxLabel);
            minLabel = Math.min(minLabel, o.minLabel);
            integral &= o.integral;
            return this;
        }

        void check(boolean classification) {
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (count < 2) {
                throw new IllegalArgumentException("ridge regression needs at least 2 training rows, got " + count);
            }
            if (dim < 1) {
                throw new IllegalArgumentException("feature vectors are empty");
            }
            if (classification && (!integral || minLabel < 0 || maxLabel > Integer.MAX_VALUE - 1)) {
                throw new IllegalArgumentException("classification labels must be class indices 0, 1, 2, ...; found "
                        + (integral ? "labels from " + minLabel + " to " + maxLabel : "a non-integer label"));
            }
        }
    }

    @Override
    public NtkRidge copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<NtkRidge> read() {
        return new DefaultParamsReader<>();
    }

    public static NtkRidge load(String path) {
        return read().load(path);
    }
}
