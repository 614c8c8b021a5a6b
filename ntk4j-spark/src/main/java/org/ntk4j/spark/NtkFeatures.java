package org.ntk4j.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
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
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.linalg.Rows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.StringJoiner;

/**
 * Spark ML transformer: the features of an ntk4j feature map, computed per partition in row
 * blocks. Only the map's spec text is broadcast; each executor rebuilds the map once (see
 * {@link FeatureMapCache}), and features equal the core's {@code FeatureMap.transform} bit for bit.
 *
 * <p>Input: a column of ml Vectors (dense or sparse) or numeric arrays; {@code inputShape} (e.g.
 * "3x32x32") gives image maps their shape, otherwise the shape is the vector width. Output: dense
 * Vectors of the map's float32 features (widened exactly to double), or float64 features with
 * {@code precision=double}.
 */
public final class NtkFeatures extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> mapKind;
    private final Param<String> mapParams;
    private final LongParam seed;
    private final Param<String> spec;
    private final Param<String> inputShape;
    private final Param<String> precision;
    private final IntParam blockRows;

    public NtkFeatures() {
        this(Identifiable.randomUID("ntkFeatures"));
    }

    public NtkFeatures(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "input column: ml Vectors (dense or sparse) or numeric arrays");
        outputCol = new Param<>(this, "outputCol", "output column of feature vectors");
        mapKind = new Param<>(this, "mapKind", "feature map kind, e.g. linear, ntk-rf, ntk-sketch, cntk-sketch");
        mapParams = new Param<>(this, "mapParams", "map parameters as key=value pairs separated by commas, e.g. depth=2,m1=1024");
        seed = new LongParam(this, "seed", "seed of the map's random draws");
        spec = new Param<>(this, "spec", "the whole spec text kind(key=value,...,seed=S); when set it overrides mapKind, mapParams and seed");
        inputShape = new Param<>(this, "inputShape", "shape of one input row, e.g. 3x32x32 for images; empty: the vector width");
        precision = new Param<>(this, "precision", "float (the core's default: float32 features) or double",
                ParamValidators.inArray(List.of("float", "double")));
        blockRows = new IntParam(this, "blockRows", "rows per block handed to the feature map", ParamValidators.gtEq(1));
        setDefault(inputCol, "features");
        setDefault(outputCol, "ntkFeatures");
        setDefault(mapKind, "linear");
        setDefault(mapParams, "");
        setDefault(seed, (Object) 0L);
        setDefault(spec, "");
        setDefault(inputShape, "");
        setDefault(precision, "float");
        setDefault(blockRows, (Object) 1024);
    }

    @Override
    public String uid() {
        return uid;
    }

    // ---- params ----

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> mapKind() {
        return mapKind;
    }

    public Param<String> mapParams() {
        return mapParams;
    }

    public LongParam seed() {
        return seed;
    }

    public Param<String> spec() {
        return spec;
    }

    public Param<String> inputShape() {
        return inputShape;
    }

    public Param<String> precision() {
        return precision;
    }

    public IntParam blockRows() {
        return blockRows;
    }

    public NtkFeatures setInputCol(String v) {
        set(inputCol, v);
        return this;
    }

    public NtkFeatures setOutputCol(String v) {
        set(outputCol, v);
        return this;
    }

    public NtkFeatures setMapKind(String v) {
        set(mapKind, v);
        return this;
    }

    public NtkFeatures setMapParams(String v) {
        set(mapParams, v);
        return this;
    }

    /** Map parameters from a map (order kept). */
    public NtkFeatures setMapParams(Map<String, String> params) {
        StringJoiner j = new StringJoiner(",");
        params.forEach((k, v) -> j.add(k + "=" + v));
        return setMapParams(j.toString());
    }

    public NtkFeatures setSeed(long v) {
        set(seed, (Object) v);
        return this;
    }

    /** The whole spec, e.g. {@code ntk-rf(depth=2,m1=512,m0=512,ms=512,seed=1)}. */
    public NtkFeatures setSpec(String v) {
        set(spec, v);
        return this;
    }

    public NtkFeatures setSpec(FeatureMapSpec v) {
        return setSpec(v.toString());
    }

    public NtkFeatures setInputShape(String v) {
        set(inputShape, v);
        return this;
    }

    public NtkFeatures setPrecision(String v) {
        set(precision, v);
        return this;
    }

    public NtkFeatures setBlockRows(int v) {
        set(blockRows, (Object) v);
        return this;
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    public int getBlockRows() {
        return (Integer) getOrDefault(blockRows);
    }

    /** The spec the params describe: {@code spec} when set, else kind + params + seed. */
    public FeatureMapSpec resolvedSpec() {
        String text = getOrDefault(spec).strip();
        if (!text.isEmpty()) {
            return FeatureMapSpec.parse(text);
        }
        Map<String, String> p = new LinkedHashMap<>();
        String params = getOrDefault(mapParams).strip();
        if (!params.isEmpty()) {
            for (String kv : params.split(",")) {
                String[] parts = kv.split("=", 2);
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new IllegalArgumentException("mapParams entry '" + kv + "' is not key=value");
                }
                p.put(parts[0].strip(), parts[1].strip());
            }
        }
        return new FeatureMapSpec(getOrDefault(mapKind).strip(), p, (Long) getOrDefault(seed));
    }

    /** The input shape param as numbers, or null when the shape is the vector width. */
    int[] shapeOrNull() {
        String s = getOrDefault(inputShape).strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            int[] shape = java.util.Arrays.stream(s.split("[x×,]")).mapToInt(t -> Integer.parseInt(t.strip())).toArray();
            for (int v : shape) {
                if (v < 1) {
                    throw new NumberFormatException();
                }
            }
            return shape;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("inputShape '" + s + "' is not positive integers joined by x, e.g. 3x32x32");
        }
    }

    // ---- Transformer ----

    @Override
    public StructType transformSchema(StructType schema) {
        String in = getInputCol();
        String out = getOutputCol();
        StructField field = field(schema, in);
        DataType t = field.dataType();
        boolean array = t instanceof ArrayType a && (a.elementType() == DataTypes.DoubleType
                || a.elementType() == DataTypes.FloatType);
        if (!t.equals(SQLDataTypes.VectorType()) && !array) {
            throw new IllegalArgumentException("input column '" + in + "' must be an ml Vector or array<double>, found "
                    + t.simpleString());
        }
        if (java.util.Arrays.asList(schema.fieldNames()).contains(out)) {
            throw new IllegalArgumentException("output column '" + out + "' already exists");
        }
        FeatureMapSpec s = resolvedSpec();
        int[] shape = shapeOrNull();
        if (shape == null) {
            int d = AttributeGroup.fromStructField(field).size();
            shape = d > 0 ? new int[] {d} : null;
        }
        // With a known shape the map is built here (and cached): bad specs fail before any job runs,
        // and the output column carries its width for downstream stages.
        AttributeGroup attrs = shape == null ? new AttributeGroup(out)
                : new AttributeGroup(out, FeatureMapCache.get(s.toString(), shape).outputDim());
        return schema.add(attrs.toStructField());
    }

    private static StructField field(StructType schema, String name) {
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("input column '" + name + "' does not exist; columns: "
                    + String.join(", ", schema.fieldNames()));
        }
        return schema.apply(name);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outSchema = transformSchema(dataset.schema());
        // The spec text is a few dozen bytes: broadcasting it (never the random matrices) keeps
        // what each task receives independent of the map's size.
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<String> specText = jsc.broadcast(resolvedSpec().toString());
        return dataset.toDF().mapPartitions(
                partitionFunction(specText, shapeOrNull(), dataset.schema().fieldIndex(getInputCol()), getInputCol(),
                        getBlockRows(), "double".equals(getOrDefault(precision))),
                Encoders.row(outSchema));
    }

    /** Static so that the closure holds plain values, not this transformer. */
    private static MapPartitionsFunction<Row, Row> partitionFunction(Broadcast<String> specText, int[] shape,
                                                                     int column, String name, int blockRows,
                                                                     boolean dbl) {
        return rows -> new BlockIterator(rows, specText.value(), shape, column, name, blockRows, dbl);
    }

    /** Pulls up to blockRows input rows, transforms them as one block, and emits them with their features. */
    private static final class BlockIterator implements Iterator<Row> {
        private final Iterator<Row> in;
        private final String specText;
        private final int[] shape;
        private final int column;
        private final String name;
        private final int blockRows;
        private final boolean dbl;
        private final List<Row> block = new ArrayList<>();
        private List<Row> out = List.of();
        private int next;

        BlockIterator(Iterator<Row> in, String specText, int[] shape, int column, String name, int blockRows,
                      boolean dbl) {
            this.in = in;
            this.specText = specText;
            this.shape = shape;
            this.column = column;
            this.name = name;
            this.blockRows = blockRows;
            this.dbl = dbl;
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
            block.clear();
            while (block.size() < blockRows && in.hasNext()) {
                block.add(in.next());
            }
            next = 0;
            if (block.isEmpty()) {
                out = List.of();
                return;
            }
            int[] s = shape != null ? shape : new int[] {VectorBlocks.width(block.getFirst().get(column), name)};
            FeatureMap map = FeatureMapCache.get(specText, s);
            Rows x = VectorBlocks.toRows(block, column, name, map.inputDim());
            List<Row> rows = new ArrayList<>(block.size());
            if (dbl) {
                var phi = map.transformDouble(x);
                for (int i = 0; i < block.size(); i++) {
                    rows.add(append(block.get(i), VectorBlocks.row(phi, i)));
                }
            } else {
                var phi = map.transform(x);
                for (int i = 0; i < block.size(); i++) {
                    rows.add(append(block.get(i), VectorBlocks.row(phi, i)));
                }
            }
            out = rows;
        }

        private static Row append(Row r, Object value) {
            Object[] values = new Object[r.length() + 1];
            for (int i = 0; i < r.length(); i++) {
                values[i] = r.get(i);
            }
            values[r.length()] = value;
            return RowFactory.create(values);
        }
    }

    @Override
    public NtkFeatures copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    // ---- persistence: params only, written as Spark's JSON metadata ----

    public static MLReader<NtkFeatures> read() {
        return new DefaultParamsReader<>();
    }

    public static NtkFeatures load(String path) {
        return read().load(path);
    }
}
