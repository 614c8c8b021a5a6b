package org.ntk4j.bench;

import java.util.concurrent.TimeUnit;
import org.ntk4j.random.RandomStream;
import org.ntk4j.sketch.Fwht;
import org.ntk4j.sketch.PolySketch;
import org.ntk4j.sketch.Srht;
import org.ntk4j.sketch.TensorSrht;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-row costs of the sketching primitives (one thread). Run:
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp "ntk4j-bench/target/ntk4j-bench.jar:ntk4j-bench/target/lib/*" org.openjdk.jmh.Main SketchBenchmark -f 1 -wi 3 -i 5
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Vector API code is very slow until C2 has compiled it (the first warm-up second of a PolySketch
// run costs ~100× the steady state on a busy 2-core machine), hence the long warm-up iterations.
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class SketchBenchmark {
    private float[] fwhtSource;
    private float[] fwhtBuffer;
    private double[] fwhtSourceD;
    private double[] fwhtBufferD;

    private Srht srht;
    private float[] x512;
    private float[] srhtOut;

    private TensorSrht tensorSrht;
    private float[] u4096;
    private float[] v4096;
    private float[] tensorOut;

    private PolySketch poly2;
    private PolySketch poly8;
    private PolySketch.Expansion expand2;
    private PolySketch.Expansion expand8;
    private float[] x384;
    private float[][] polyOut2;
    private float[][] polyOut8;
    private float[] feature2;
    private float[] feature8;

    @Setup
    public void setup() {
        RandomStream data = RandomStream.of(42).child("data");
        fwhtSource = gaussian(data, 8192);
        fwhtBuffer = new float[8192];
        fwhtSourceD = new double[8192];
        for (int i = 0; i < 8192; i++) {
            fwhtSourceD[i] = fwhtSource[i];
        }
        fwhtBufferD = new double[8192];

        srht = new Srht(512, 4096, RandomStream.of(1));
        x512 = gaussian(data, 512);
        srhtOut = new float[4096];

        tensorSrht = new TensorSrht(4096, 4096, 4096, RandomStream.of(2));
        u4096 = gaussian(data, 4096);
        v4096 = gaussian(data, 4096);
        tensorOut = new float[4096];

        x384 = unit(gaussian(data, 384));
        poly2 = new PolySketch(384, 2, 4096, RandomStream.of(3));
        poly8 = new PolySketch(384, 8, 4096, RandomStream.of(4));
        polyOut2 = new float[2][4096];
        polyOut8 = new float[8][4096];
        // degree-8 polynomial to an 8192-wide feature, as the direct NTK Sketch "d=384, degree 8, dim 8192"
        double[] c = {0.68, 1.0, 0.67, 0.02, 0.01, 0.01, 0.01, 0.30, 0.23};
        expand8 = poly8.expand(c, 8191, RandomStream.of(5));
        feature8 = new float[expand8.outputDim()];
        // degree 2, as the UCI "NTK Sketch" (depth 2, q = 2 fit), also to 8192
        expand2 = poly2.expand(new double[] {0.7055, 1.2454, 0.6258}, 8191, RandomStream.of(6));
        feature2 = new float[expand2.outputDim()];
    }

    private static float[] gaussian(RandomStream rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static float[] unit(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= (float) Math.sqrt(s);
        }
        return x;
    }

    /** Copy (≈ 0.5 µs) + in-place FWHT of 8192 floats; the copy keeps the values bounded. */
    @Benchmark
    public float[] fwhtFloat8192() {
        System.arraycopy(fwhtSource, 0, fwhtBuffer, 0, 8192);
        Fwht.transform(fwhtBuffer, 0, 8192);
        return fwhtBuffer;
    }

    @Benchmark
    public double[] fwhtDouble8192() {
        System.arraycopy(fwhtSourceD, 0, fwhtBufferD, 0, 8192);
        Fwht.transform(fwhtBufferD, 0, 8192);
        return fwhtBufferD;
    }

    /** SRHT 512 → 4096: 8 sign blocks of 512, every candidate kept. */
    @Benchmark
    public float[] srht512to4096() {
        srht.apply(x512, 0, srhtOut, 0);
        return srhtOut;
    }

    /** TensorSRHT 4096 × 4096 → 4096 (a PolySketch inner node): two FWHTs of 4096 and 4096 products. */
    @Benchmark
    public float[] tensorSrht4096() {
        tensorSrht.apply(u4096, 0, v4096, 0, tensorOut, 0);
        return tensorOut;
    }

    @Benchmark
    public float[][] polySketchD384Q2S4096() {
        poly2.apply(x384, 0, polyOut2);
        return polyOut2;
    }

    @Benchmark
    public float[][] polySketchD384Q8S4096() {
        poly8.apply(x384, 0, polyOut8);
        return polyOut8;
    }

    /** PolySketch q = 2, s = 4096, then the weighted concatenation (2·4096) compressed to 8191 + 1. */
    @Benchmark
    public float[] polyFeatureD384Q2S4096To8192() {
        expand2.apply(x384, 0, feature2, 0);
        return feature2;
    }

    /** PolySketch q = 8, s = 4096, then √c_j-weighted concatenation (8·4096) compressed to 8191 + 1. */
    @Benchmark
    public float[] polyFeatureD384Q8S4096To8192() {
        expand8.apply(x384, 0, feature8, 0);
        return feature8;
    }
}
