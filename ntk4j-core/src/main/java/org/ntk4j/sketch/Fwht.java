package org.ntk4j.sketch;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * In-place, unnormalised fast Walsh–Hadamard transform: a ← H·a with H the n×n Sylvester
 * Hadamard matrix, H[i][j] = (−1)^popcount(i &amp; j). So H·H = n·I, and every entry of H is ±1.
 * n must be a power of 2 (n = 1 is the identity).
 *
 * <p>Layout of the work, measured on AVX2 (8 floats per vector): the butterflies of stride below
 * the vector length run inside registers (one lane permutation and one FMA per stride); the
 * strides of at least one vector run as radix-8/4/2 passes, so each pass reads and writes the
 * array once for three (or two) butterfly levels. Lengths below one vector use a scalar loop.
 * Measured at n = 8192 floats: about 3.6 µs per transform on one core (scalar radix-2: about 60 µs;
 * a scalar radix-8 base case instead of the in-register strides: about 10 µs). Blocking the
 * passes to L1-sized pieces did not pay off up to n = 2^17 (the arrays stay in L2).
 * Stateless and thread-safe; allocates nothing.
 */
public final class Fwht {
    // The in-register stages below are written out for up to 16 floats / 8 doubles per vector (512 bits).
    private static final VectorSpecies<Float> FS =
            FloatVector.SPECIES_PREFERRED.length() <= 16 ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    private static final VectorSpecies<Double> DS =
            DoubleVector.SPECIES_PREFERRED.length() <= 8 ? DoubleVector.SPECIES_PREFERRED : DoubleVector.SPECIES_512;
    private static final int FL = FS.length();
    private static final int DL = DS.length();

    // Separate constants (not arrays) so that C2 sees them as constants.
    private static final VectorShuffle<Float> FSW1 = floatSwap(1);
    private static final VectorShuffle<Float> FSW2 = floatSwap(2);
    private static final VectorShuffle<Float> FSW4 = floatSwap(4);
    private static final VectorShuffle<Float> FSW8 = floatSwap(8);
    private static final FloatVector FSG1 = floatSign(1);
    private static final FloatVector FSG2 = floatSign(2);
    private static final FloatVector FSG4 = floatSign(4);
    private static final FloatVector FSG8 = floatSign(8);
    private static final VectorShuffle<Double> DSW1 = doubleSwap(1);
    private static final VectorShuffle<Double> DSW2 = doubleSwap(2);
    private static final VectorShuffle<Double> DSW4 = doubleSwap(4);
    private static final DoubleVector DSG1 = doubleSign(1);
    private static final DoubleVector DSG2 = doubleSign(2);
    private static final DoubleVector DSG4 = doubleSign(4);

    private Fwht() {
    }

    /** True if n is a power of 2 (n ≥ 1). */
    public static boolean isPowerOfTwo(int n) {
        return n > 0 && (n & (n - 1)) == 0;
    }

    /** The smallest power of 2 that is ≥ n (n ≥ 1, n ≤ 2^30). */
    public static int nextPowerOfTwo(int n) {
        if (n < 1 || n > (1 << 30)) {
            throw new IllegalArgumentException("length must be in [1, 2^30], got " + n);
        }
        return n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** a[off .. off+n) ← H·a[off .. off+n), unnormalised. */
    public static void transform(float[] a, int off, int n) {
        checkArgs(a.length, off, n);
        if (n < FL) {
            scalar(a, off, n);
            return;
        }
        int h;
        if (n >= 4 * FL) {
            firstPass(a, off, n);
            h = 4 * FL;
        } else {
            for (int v = 0; v < n / FL; v++) {
                firstPass(a, off + v * FL, FL); // n = FL or 2·FL: one or two vectors
            }
            h = FL;
        }
        longStrides(a, off, n, h);
    }

    /*
     * Strides below the vector length inside registers, then strides FL and 2·FL across four
     * vectors (when n ≥ 4·FL; otherwise n == FL and only the in-register strides apply).
     * Vectors never cross a method boundary here: a non-inlined call taking or returning a vector
     * makes C2 box it, which allocates and runs several times slower.
     */
    private static void firstPass(float[] a, int off, int n) {
        if (n < 4 * FL) {
            FloatVector v = FloatVector.fromArray(FS, a, off);
            if (FL >= 2) {
                v = v.fma(FSG1, v.rearrange(FSW1));
            }
            if (FL >= 4) {
                v = v.fma(FSG2, v.rearrange(FSW2));
            }
            if (FL >= 8) {
                v = v.fma(FSG4, v.rearrange(FSW4));
            }
            if (FL >= 16) {
                v = v.fma(FSG8, v.rearrange(FSW8));
            }
            v.intoArray(a, off);
            return;
        }
        for (int i = off; i < off + n; i += 4 * FL) {
            FloatVector a0 = FloatVector.fromArray(FS, a, i);
            FloatVector a1 = FloatVector.fromArray(FS, a, i + FL);
            FloatVector a2 = FloatVector.fromArray(FS, a, i + 2 * FL);
            FloatVector a3 = FloatVector.fromArray(FS, a, i + 3 * FL);
            // stride h < FL: lane j takes lane j^h; the sign is −1 where bit h of j is set
            if (FL >= 2) {
                a0 = a0.fma(FSG1, a0.rearrange(FSW1));
                a1 = a1.fma(FSG1, a1.rearrange(FSW1));
                a2 = a2.fma(FSG1, a2.rearrange(FSW1));
                a3 = a3.fma(FSG1, a3.rearrange(FSW1));
            }
            if (FL >= 4) {
                a0 = a0.fma(FSG2, a0.rearrange(FSW2));
                a1 = a1.fma(FSG2, a1.rearrange(FSW2));
                a2 = a2.fma(FSG2, a2.rearrange(FSW2));
                a3 = a3.fma(FSG2, a3.rearrange(FSW2));
            }
            if (FL >= 8) {
                a0 = a0.fma(FSG4, a0.rearrange(FSW4));
                a1 = a1.fma(FSG4, a1.rearrange(FSW4));
                a2 = a2.fma(FSG4, a2.rearrange(FSW4));
                a3 = a3.fma(FSG4, a3.rearrange(FSW4));
            }
            if (FL >= 16) {
                a0 = a0.fma(FSG8, a0.rearrange(FSW8));
                a1 = a1.fma(FSG8, a1.rearrange(FSW8));
                a2 = a2.fma(FSG8, a2.rearrange(FSW8));
                a3 = a3.fma(FSG8, a3.rearrange(FSW8));
            }
            FloatVector b0 = a0.add(a1);
            FloatVector b1 = a0.sub(a1);
            FloatVector b2 = a2.add(a3);
            FloatVector b3 = a2.sub(a3);
            b0.add(b2).intoArray(a, i);
            b1.add(b3).intoArray(a, i + FL);
            b0.sub(b2).intoArray(a, i + 2 * FL);
            b1.sub(b3).intoArray(a, i + 3 * FL);
        }
    }

    // Strides h, 2h, 4h, ... < n (h ≥ one vector): three levels per pass while possible.
    private static void longStrides(float[] a, int off, int n, int h) {
        while (h < n) {
            int levels = Integer.numberOfTrailingZeros(n / h);
            if (levels >= 3) {
                radix8(a, off, n, h);
                h <<= 3;
            } else if (levels == 2) {
                radix4(a, off, n, h);
                h <<= 2;
            } else {
                radix2(a, off, n, h);
                h <<= 1;
            }
        }
    }

    /** a[off .. off+n) ← H·a[off .. off+n), unnormalised, in double. */
    public static void transform(double[] a, int off, int n) {
        checkArgs(a.length, off, n);
        if (n < DL) {
            scalar(a, off, n);
            return;
        }
        int h;
        if (n >= 4 * DL) {
            firstPass(a, off, n);
            h = 4 * DL;
        } else {
            for (int v = 0; v < n / DL; v++) {
                firstPass(a, off + v * DL, DL);
            }
            h = DL;
        }
        longStrides(a, off, n, h);
    }

    private static void firstPass(double[] a, int off, int n) {
        if (n < 4 * DL) {
            DoubleVector v = DoubleVector.fromArray(DS, a, off);
            if (DL >= 2) {
                v = v.fma(DSG1, v.rearrange(DSW1));
            }
            if (DL >= 4) {
                v = v.fma(DSG2, v.rearrange(DSW2));
            }
            if (DL >= 8) {
                v = v.fma(DSG4, v.rearrange(DSW4));
            }
            v.intoArray(a, off);
            return;
        }
        for (int i = off; i < off + n; i += 4 * DL) {
            DoubleVector a0 = DoubleVector.fromArray(DS, a, i);
            DoubleVector a1 = DoubleVector.fromArray(DS, a, i + DL);
            DoubleVector a2 = DoubleVector.fromArray(DS, a, i + 2 * DL);
            DoubleVector a3 = DoubleVector.fromArray(DS, a, i + 3 * DL);
            if (DL >= 2) {
                a0 = a0.fma(DSG1, a0.rearrange(DSW1));
                a1 = a1.fma(DSG1, a1.rearrange(DSW1));
                a2 = a2.fma(DSG1, a2.rearrange(DSW1));
                a3 = a3.fma(DSG1, a3.rearrange(DSW1));
            }
            if (DL >= 4) {
                a0 = a0.fma(DSG2, a0.rearrange(DSW2));
                a1 = a1.fma(DSG2, a1.rearrange(DSW2));
                a2 = a2.fma(DSG2, a2.rearrange(DSW2));
                a3 = a3.fma(DSG2, a3.rearrange(DSW2));
            }
            if (DL >= 8) {
                a0 = a0.fma(DSG4, a0.rearrange(DSW4));
                a1 = a1.fma(DSG4, a1.rearrange(DSW4));
                a2 = a2.fma(DSG4, a2.rearrange(DSW4));
                a3 = a3.fma(DSG4, a3.rearrange(DSW4));
            }
            DoubleVector b0 = a0.add(a1);
            DoubleVector b1 = a0.sub(a1);
            DoubleVector b2 = a2.add(a3);
            DoubleVector b3 = a2.sub(a3);
            b0.add(b2).intoArray(a, i);
            b1.add(b3).intoArray(a, i + DL);
            b0.sub(b2).intoArray(a, i + 2 * DL);
            b1.sub(b3).intoArray(a, i + 3 * DL);
        }
    }

    private static void longStrides(double[] a, int off, int n, int h) {
        while (h < n) {
            int levels = Integer.numberOfTrailingZeros(n / h);
            if (levels >= 3) {
                radix8(a, off, n, h);
                h <<= 3;
            } else if (levels == 2) {
                radix4(a, off, n, h);
                h <<= 2;
            } else {
                radix2(a, off, n, h);
                h <<= 1;
            }
        }
    }

    private static void checkArgs(int length, int off, int n) {
        if (!isPowerOfTwo(n)) {
            throw new IllegalArgumentException("FWHT length must be a power of 2, got " + n);
        }
        if (off < 0 || off > length - n) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + (off + n) + ") outside array of length " + length);
        }
    }

    // Three butterfly levels (strides h, 2h, 4h) per pass; h is a multiple of the vector length.
    private static void radix8(float[] a, int off, int n, int h) {
        for (int blk = off; blk < off + n; blk += 8 * h) {
            for (int i = blk; i < blk + h; i += FL) {
                FloatVector x0 = FloatVector.fromArray(FS, a, i);
                FloatVector x1 = FloatVector.fromArray(FS, a, i + h);
                FloatVector x2 = FloatVector.fromArray(FS, a, i + 2 * h);
                FloatVector x3 = FloatVector.fromArray(FS, a, i + 3 * h);
                FloatVector x4 = FloatVector.fromArray(FS, a, i + 4 * h);
                FloatVector x5 = FloatVector.fromArray(FS, a, i + 5 * h);
                FloatVector x6 = FloatVector.fromArray(FS, a, i + 6 * h);
                FloatVector x7 = FloatVector.fromArray(FS, a, i + 7 * h);
                FloatVector y0 = x0.add(x1);
                FloatVector y1 = x0.sub(x1);
                FloatVector y2 = x2.add(x3);
                FloatVector y3 = x2.sub(x3);
                FloatVector y4 = x4.add(x5);
                FloatVector y5 = x4.sub(x5);
                FloatVector y6 = x6.add(x7);
                FloatVector y7 = x6.sub(x7);
                FloatVector z0 = y0.add(y2);
                FloatVector z2 = y0.sub(y2);
                FloatVector z1 = y1.add(y3);
                FloatVector z3 = y1.sub(y3);
                FloatVector z4 = y4.add(y6);
                FloatVector z6 = y4.sub(y6);
                FloatVector z5 = y5.add(y7);
                FloatVector z7 = y5.sub(y7);
                z0.add(z4).intoArray(a, i);
                z1.add(z5).intoArray(a, i + h);
                z2.add(z6).intoArray(a, i + 2 * h);
                z3.add(z7).intoArray(a, i + 3 * h);
                z0.sub(z4).intoArray(a, i + 4 * h);
                z1.sub(z5).intoArray(a, i + 5 * h);
                z2.sub(z6).intoArray(a, i + 6 * h);
                z3.sub(z7).intoArray(a, i + 7 * h);
            }
        }
    }

    private static void radix4(float[] a, int off, int n, int h) {
        for (int blk = off; blk < off + n; blk += 4 * h) {
            for (int i = blk; i < blk + h; i += FL) {
                FloatVector x0 = FloatVector.fromArray(FS, a, i);
                FloatVector x1 = FloatVector.fromArray(FS, a, i + h);
                FloatVector x2 = FloatVector.fromArray(FS, a, i + 2 * h);
                FloatVector x3 = FloatVector.fromArray(FS, a, i + 3 * h);
                FloatVector y0 = x0.add(x1);
                FloatVector y1 = x0.sub(x1);
                FloatVector y2 = x2.add(x3);
                FloatVector y3 = x2.sub(x3);
                y0.add(y2).intoArray(a, i);
                y1.add(y3).intoArray(a, i + h);
                y0.sub(y2).intoArray(a, i + 2 * h);
                y1.sub(y3).intoArray(a, i + 3 * h);
            }
        }
    }

    private static void radix2(float[] a, int off, int n, int h) {
        for (int blk = off; blk < off + n; blk += 2 * h) {
            for (int i = blk; i < blk + h; i += FL) {
                FloatVector x0 = FloatVector.fromArray(FS, a, i);
                FloatVector x1 = FloatVector.fromArray(FS, a, i + h);
                x0.add(x1).intoArray(a, i);
                x0.sub(x1).intoArray(a, i + h);
            }
        }
    }

    private static void radix8(double[] a, int off, int n, int h) {
        for (int blk = off; blk < off + n; blk += 8 * h) {
            for (int i = blk; i < blk + h; i += DL) {
                DoubleVector x0 = DoubleVector.fromArray(DS, a, i);
                DoubleVector x1 = DoubleVector.fromArray(DS, a, i + h);
                DoubleVector x2 = DoubleVector.fromArray(DS, a, i + 2 * h);
                DoubleVector x3 = DoubleVector.fromArray(DS, a, i + 3 * h);
                DoubleVector x4 = DoubleVector.fromArray(DS, a, i + 4 * h);
                DoubleVector x5 = DoubleVector.fromArray(DS, a, i + 5 * h);
                DoubleVector x6 = DoubleVector.fromArray(DS, a, i + 6 * h);
                DoubleVector x7 = DoubleVector.fromArray(DS, a, i + 7 * h);
                DoubleVector y0 = x0.add(x1);
                DoubleVector y1 = x0.sub(x1);
                DoubleVector y2 = x2.add(x3);
                DoubleVector y3 = x2.sub(x3);
                DoubleVector y4 = x4.add(x5);
                DoubleVector y5 = x4.sub(x5);
                DoubleVector y6 = x6.add(x7);
                DoubleVector y7 = x6.sub(x7);
                DoubleVector z0 = y0.add(y2);
                DoubleVector z2 = y0.sub(y2);
                DoubleVector z1 = y1.add(y3);
                DoubleVector z3 = y1.sub(y3);
                DoubleVector z4 = y4.add(y6);
                DoubleVector z6 = y4.sub(y6);
                DoubleVector z5 = y5.add(y7);
                DoubleVector z7 = y5.sub(y7);
                z0.add(z4).intoArray(a, i);
                z1.add(z5).intoArray(a, i + h);
                z2.add(z6).intoArray(a, i + 2 * h);
                z3.add(z7).intoArray(a, i + 3 * h);
                z0.sub(z4).intoArray(a, i + 4 * h);
                z1.sub(z5).intoArray(a, i + 5 * h);
                z2.sub(z6).intoArray(a, i + 6 * h);
                z3.sub(z7).intoArray(a, i + 7 * h);
            }
        }
    }

    private static void radix4(double[] a, int off, int n, int h) {
        for (int blk = off; blk < off + n; blk += 4 * h) {
            for (int i = blk; i < blk + h; i += DL) {
                DoubleVector x0 = DoubleVector.fromArray(DS, a, i);
                DoubleVector x1 = DoubleVector.fromArray(DS, a, i + h);
                DoubleVector x2 = DoubleVector.fromArray(DS, a, i + 2 * h);
                DoubleVector x3 = DoubleVector.fromArray(DS, a, i + 3 * h);
                DoubleVector y0 = x0.add(x1);
                DoubleVector y1 = x0.sub(x1);
                DoubleVector y2 = x2.add(x3);
                DoubleVector y3 = x2.sub(x3);
                y0.add(y2).intoArray(a, i);
                y1.add(y3).intoArray(a, i + h);
                y0.sub(y2).intoArray(a, i + 2 * h);
                y1.sub(y3).intoArray(a, i + 3 * h);
            }
        }
    }

    private static void radix2(double[] a, int off, int n, int h) {
        for (int blk = off; blk < off + n; blk += 2 * h) {
            for (int i = blk; i < blk + h; i += DL) {
                DoubleVector x0 = DoubleVector.fromArray(DS, a, i);
                DoubleVector x1 = DoubleVector.fromArray(DS, a, i + h);
                x0.add(x1).intoArray(a, i);
                x0.sub(x1).intoArray(a, i + h);
            }
        }
    }

    private static void scalar(float[] a, int off, int n) {
        for (int h = 1; h < n; h <<= 1) {
            for (int blk = off; blk < off + n; blk += 2 * h) {
                for (int i = blk; i < blk + h; i++) {
                    float x = a[i];
                    float y = a[i + h];
                    a[i] = x + y;
                    a[i + h] = x - y;
                }
            }
        }
    }

    private static void scalar(double[] a, int off, int n) {
        for (int h = 1; h < n; h <<= 1) {
            for (int blk = off; blk < off + n; blk += 2 * h) {
                for (int i = blk; i < blk + h; i++) {
                    double x = a[i];
                    double y = a[i + h];
                    a[i] = x + y;
                    a[i + h] = x - y;
                }
            }
        }
    }

    // Lane permutation j ↦ j^h and signs (−1 where bit h of j is set) for in-register stride h;
    // for h ≥ the vector length they are never used (the branches fold away) and left trivial.
    private static VectorShuffle<Float> floatSwap(int h) {
        return VectorShuffle.fromOp(FS, j -> h < FL ? j ^ h : j);
    }

    private static FloatVector floatSign(int h) {
        float[] s = new float[FL];
        for (int j = 0; j < FL; j++) {
            s[j] = h < FL && (j & h) != 0 ? -1f : 1f;
        }
        return FloatVector.fromArray(FS, s, 0);
    }

    private static VectorShuffle<Double> doubleSwap(int h) {
        return VectorShuffle.fromOp(DS, j -> h < DL ? j ^ h : j);
    }

    private static DoubleVector doubleSign(int h) {
        double[] s = new double[DL];
        for (int j = 0; j < DL; j++) {
            s[j] = h < DL && (j & h) != 0 ? -1.0 : 1.0;
        }
        return DoubleVector.fromArray(DS, s, 0);
    }
}
