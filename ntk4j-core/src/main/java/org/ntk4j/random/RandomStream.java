package org.ntk4j.random;

import java.nio.charset.StandardCharsets;

/**
 * A seeded random stream identified by (seed, component path). Every draw of a component comes
 * from its own stream, so results depend only on the seed and the component's name, never on
 * thread count, batch size or which other components drew before it.
 *
 * <p>The generator is xoshiro256** keyed through SplitMix64; Gaussians use the Marsaglia polar
 * method with {@link StrictMath}, so the same (seed, path) gives bit-identical draws on every JVM.
 * Instances are not thread-safe: give each thread or component its own {@link #child}.
 */
public final class RandomStream {
    private final long key;
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private double spareGaussian;
    private boolean hasSpare;

    private RandomStream(long key) {
        this.key = key;
        long x = key;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
    }

    /** The root stream of a seed. */
    public static RandomStream of(long seed) {
        return new RandomStream(splitMix(seed ^ 0x6E746B346A000000L));
    }

    /** The stream of a named component below this one, e.g. {@code of(seed).child("layer2").child("W")}. */
    public RandomStream child(String name) {
        return new RandomStream(splitMix(key ^ fnv1a(name)));
    }

    /** The stream of the i-th indexed component below this one. */
    public RandomStream child(long index) {
        return new RandomStream(splitMix(key ^ splitMix(index + 0x5851F42D4C957F2DL)));
    }

    private static long fnv1a(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 uniformly random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** +1 or −1 with equal probability. */
    public double nextRademacher() {
        return nextLong() < 0 ? -1.0 : 1.0;
    }

    /** Standard normal (Marsaglia polar method). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang; shape &gt; 0. */
    public double nextGamma(double shape) {
        if (!(shape > 0)) {
            throw new IllegalArgumentException("gamma shape must be positive, got " + shape);
        }
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) · U^(1/a)
            double u = nextDouble();
            return nextGamma(shape + 1) * StrictMath.pow(u == 0 ? Double.MIN_VALUE : u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / StrictMath.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) {
                return d * v;
            }
            if (u > 0 && StrictMath.log(u) < 0.5 * x * x + d * (1 - v + StrictMath.log(v))) {
                return d * v;
            }
        }
    }

    /** Chi-square with k degrees of freedom (k may be any positive real). */
    public double nextChiSquare(double k) {
        return 2 * nextGamma(k / 2);
    }

    /** Fills the array with standard normals. */
    public void fillGaussian(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = nextGaussian();
        }
    }

    /** Fills the array with ±1. */
    public void fillRademacher(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = nextRademacher();
        }
    }

    /** Fills the array with uniform indices in [0, bound), drawn with replacement. */
    public void fillIndices(int[] out, int bound) {
        for (int i = 0; i < out.length; i++) {
            out[i] = nextInt(bound);
        }
    }

    /** A uniformly random permutation of [0, n) (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** k distinct indices from [0, n), in random order (partial Fisher–Yates). */
    public int[] sampleWithoutReplacement(int n, int k) {
        if (k > n || k < 0) {
            throw new IllegalArgumentException("cannot draw " + k + " distinct indices from " + n);
        }
        int[] p = permutation(n);
        int[] out = new int[k];
        System.arraycopy(p, 0, out, 0, k);
        return out;
    }
}
