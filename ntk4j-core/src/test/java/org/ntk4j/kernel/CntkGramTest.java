package org.ntk4j.kernel;

import org.junit.jupiter.api.Test;
import org.ntk4j.Progress;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Parallel;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gram matrices, invariances, threading, specs and input checks of {@link ConvolutionalNtk}. */
class CntkGramTest {
    private static final ConvolutionalNtk.Readout GAP = ConvolutionalNtk.Readout.GAP;
    private static final ConvolutionalNtk.Readout TRACE = ConvolutionalNtk.Readout.TRACE;

    private static ConvolutionalNtk[] kernels(int c, int h, int w) {
        return new ConvolutionalNtk[]{
                ConvolutionalNtk.arora(3, 3, GAP, false, c, h, w),
                ConvolutionalNtk.arora(4, 3, TRACE, true, c, h, w),
                ConvolutionalNtk.valid(2, 3, c, h, w),
                ConvolutionalNtk.valid(3, 2, c, h, w)};
    }

    @Test
    void gramIsSymmetricPositiveSemidefiniteAndMatchesTheGeneralPath() {
        DoubleMatrix x = CntkExactTest.images(10, 2, 7, 6, 1);
        for (ConvolutionalNtk k : kernels(2, 7, 6)) {
            DoubleMatrix g = k.gram(x);
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 10; j++) {
                    assertEquals(g.get(i, j), g.get(j, i), 0.0, "exactly symmetric");
                }
            }
            double[] eig = Blas.eigen(g).values();
            double max = Math.max(Math.abs(eig[0]), Math.abs(eig[eig.length - 1]));
            double min = Math.min(eig[0], eig[eig.length - 1]);
            assertTrue(min >= -1e-10 * max, k.spec() + ": smallest eigenvalue " + min + " vs largest " + max);
            // the non-symmetric path (a distinct copy of x) computes (j, i) separately
            DoubleMatrix general = k.gram(x, x.copy());
            assertTrue(general.relativeFrobeniusError(g) < 1e-12, k.spec() + " general vs symmetric path");
            double[] diag = k.diagonal(x);
            for (int i = 0; i < 10; i++) {
                assertEquals(g.get(i, i), diag[i], 0.0, "diagonal() is the Gram diagonal");
            }
        }
    }

    @Test
    void gramIsBitIdenticalForOneAndTwoThreads() {
        DoubleMatrix x = CntkExactTest.images(7, 3, 6, 6, 2);
        DoubleMatrix y = CntkExactTest.images(5, 3, 6, 6, 3);
        int saved = Parallel.threads();
        try {
            for (ConvolutionalNtk k : kernels(3, 6, 6)) {
                Parallel.setThreads(1);
                DoubleMatrix one = k.gram(x);
                DoubleMatrix oneXy = k.gram(x, y);
                double[] oneDiag = k.diagonal(x);
                Parallel.setThreads(2);
                assertArrayEquals(one.data(), k.gram(x).data(), k.spec().toString());
                assertArrayEquals(oneXy.data(), k.gram(x, y).data(), k.spec().toString());
                assertArrayEquals(oneDiag, k.diagonal(x), k.spec().toString());
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Positive homogeneity Θ(ax, by) = ab·Θ(x, y) for a, b &gt; 0 holds exactly in the math for
     * arora (ρ is scale-free, K and Θ scale with the norms) and for valid only while the 1e−8
     * floor of N⁽⁰⁾ is inactive. Θ(−x, −y) = Θ(x, y) holds for both (Γ keeps its sign).
     */
    @Test
    void homogeneityAndWhereTheFloorBreaksIt() {
        DoubleMatrix x = CntkExactTest.images(1, 2, 6, 7, 4);
        DoubleMatrix y = CntkExactTest.images(1, 2, 6, 7, 5);
        for (ConvolutionalNtk k : kernels(2, 6, 7)) {
            double base = k.gram(x, y).get(0, 0);
            for (double[] ab : new double[][]{{2.5, 0.3}, {-1, -1}}) {
                double scaled = k.gram(scale(x, ab[0]), scale(y, ab[1])).get(0, 0);
                assertEquals(ab[0] * ab[1] * base, scaled, 1e-12 * Math.abs(base), k.spec() + " a,b=" + ab[0] + "," + ab[1]);
            }
            double a = 1e-6; // box sums of Σ_c x_c² drop to ~1e−11, below the floor
            double tiny = k.gram(scale(x, a), y).get(0, 0);
            double relative = Math.abs(tiny - a * base) / Math.abs(a * base);
            if (k.variant() == ConvolutionalNtk.Variant.ARORA) {
                assertTrue(relative < 1e-12, k.spec() + " stays homogeneous at tiny scale: " + relative);
            } else {
                assertTrue(relative > 1e-3, k.spec() + " the floor must break homogeneity: " + relative);
            }
        }
    }

    /**
     * Translation: shifting the content of x inside a zero frame only permutes the pixel pairs
     * (rows of pixels whose receptive field sees no content are all alike, with the floor too),
     * as long as the content and its growing receptive field stay clear of the borders. So the
     * GAP value is unchanged when x alone moves, and the trace when x and y move together.
     */
    @Test
    void translationInsideAZeroFrame() {
        int c = 2;
        int size = 14;
        DoubleMatrix patch = CntkExactTest.images(2, c, 3, 4, 6);
        DoubleMatrix y = CntkExactTest.images(1, c, size, size, 7);
        ConvolutionalNtk[] gapKernels = {
                ConvolutionalNtk.arora(3, 3, GAP, false, c, size, size),
                ConvolutionalNtk.arora(4, 3, GAP, true, c, size, size),
                ConvolutionalNtk.valid(2, 2, c, size, size)};
        for (ConvolutionalNtk k : gapKernels) {
            double at = k.gram(framed(patch, 0, c, size, 4, 4), y).get(0, 0);
            double moved = k.gram(framed(patch, 0, c, size, 6, 5), y).get(0, 0);
            assertEquals(at, moved, 1e-12 * Math.abs(at), k.spec() + " GAP, x shifted");
        }
        ConvolutionalNtk trace = ConvolutionalNtk.arora(3, 3, TRACE, false, c, size, size);
        double at = trace.gram(framed(patch, 0, c, size, 4, 4), framed(patch, 1, c, size, 4, 4)).get(0, 0);
        double both = trace.gram(framed(patch, 0, c, size, 6, 5), framed(patch, 1, c, size, 6, 5)).get(0, 0);
        double one = trace.gram(framed(patch, 0, c, size, 6, 5), framed(patch, 1, c, size, 4, 4)).get(0, 0);
        assertEquals(at, both, 1e-12 * Math.abs(at), "trace, both shifted");
        assertTrue(Math.abs(one - at) > 1e-3 * Math.abs(at), "trace is not invariant when only x moves");
    }

    /**
     * A zero image: arora gives exactly 0 (every normaliser is 0, so every pair is dropped), while
     * the floor of the valid variant leaves K = √(1e−8·N')/π &gt; 0 on every pair, so Θ(0, y) &gt; 0
     * (the same artefact as the reference's zero-input feature, algorithms.md §9 item 12).
     */
    @Test
    void zeroImage() {
        DoubleMatrix zero = new DoubleMatrix(1, 2 * 6 * 7);
        DoubleMatrix y = CntkExactTest.images(1, 2, 6, 7, 10);
        for (ConvolutionalNtk k : kernels(2, 6, 7)) {
            double v = k.gram(zero, y).get(0, 0);
            if (k.variant() == ConvolutionalNtk.Variant.ARORA) {
                assertEquals(0.0, v, 0.0, k.spec().toString());
                assertEquals(0.0, k.diagonal(zero)[0], 0.0);
            } else {
                assertTrue(v > 0 && Double.isFinite(v), k.spec() + ": " + v);
                assertEquals(v, CntkNaive.valid(zero.row(0), y.row(0), 2, 6, 7, k.depth(), k.filter()), 1e-7 * v);
            }
        }
    }

    @Test
    void progressCountsImagePairs() {
        DoubleMatrix x = CntkExactTest.images(6, 1, 5, 5, 8);
        DoubleMatrix y = CntkExactTest.images(4, 1, 5, 5, 9);
        ConvolutionalNtk k = ConvolutionalNtk.valid(2, 2, 1, 5, 5);
        AtomicLong total = new AtomicLong();
        AtomicLong done = new AtomicLong();
        Progress p = new Progress() {
            @Override
            public void start(String task, long units) {
                total.set(units);
            }

            @Override
            public void advance(long units) {
                done.addAndGet(units);
            }

            @Override
            public void finish() {
            }
        };
        k.gram(x, x, p);
        assertEquals(21, total.get());
        assertEquals(21, done.get());
        done.set(0);
        k.gram(x, y, p);
        assertEquals(24, total.get());
        assertEquals(24, done.get());
    }

    @Test
    void costPerPairGrowsWithDepthAndTraceIsCheap() {
        ConvolutionalNtk gap = ConvolutionalNtk.arora(5, 3, GAP, false, 3, 32, 32);
        ConvolutionalNtk deeper = ConvolutionalNtk.arora(8, 3, GAP, false, 3, 32, 32);
        ConvolutionalNtk trace = ConvolutionalNtk.arora(5, 3, TRACE, false, 3, 32, 32);
        assertTrue(gap.costPerPair() > 1e8, "about 4 layers × 10⁶ pixel pairs × ~80 flops");
        assertTrue(deeper.costPerPair() > gap.costPerPair());
        assertTrue(trace.costPerPair() < gap.costPerPair() / 500, "trace needs displacement 0 only");
        ConvolutionalNtk valid = ConvolutionalNtk.valid(3, 4, 3, 32, 32);
        assertTrue(valid.costPerPair() < gap.costPerPair());
    }

    @Test
    void specRoundTripsThroughTextAndKernels() {
        String[] texts = {
                "cntk(variant=arora,depth=5,filter=3,readout=gap,fix=false,channels=3,height=32,width=32)",
                "cntk(variant=arora,depth=11,filter=5,readout=trace,fix=true,channels=1,height=28,width=28)",
                "cntk(variant=valid,depth=3,filter=4,channels=3,height=32,width=32)"};
        for (String text : texts) {
            KernelSpec spec = KernelSpec.parse(text);
            assertEquals(text, spec.toString());
            Kernel k = Kernels.build(spec);
            assertTrue(k instanceof ConvolutionalNtk);
            assertEquals(spec, k.spec());
            assertEquals(spec, Kernels.build(KernelSpec.parse(k.spec().toString())).spec());
        }
        // defaults are written out, so the text pins the kernel
        assertEquals(texts[2], Kernels.build(KernelSpec.parse("cntk(variant=valid,channels=3,height=32,width=32)"))
                .spec().toString());
        assertEquals("cntk(variant=arora,depth=5,filter=3,readout=gap,fix=false,channels=3,height=32,width=32)",
                Kernels.build(KernelSpec.parse("cntk(variant=arora,depth=5,channels=3,height=32,width=32)"))
                        .spec().toString());
        // and the redundant valid options are accepted
        assertEquals(texts[2], Kernels.build(KernelSpec.parse(
                "cntk(variant=valid,depth=3,filter=4,readout=gap,fix=true,channels=3,height=32,width=32)")).spec().toString());
        KernelSpec shaped = ConvolutionalNtk.withShape(KernelSpec.parse("cntk(variant=valid)"), new int[]{3, 32, 32});
        assertEquals(texts[2], Kernels.build(shaped).spec().toString());
    }

    @Test
    void badShapesAndSpecsAreRejectedWithClearMessages() {
        assertMessage("needs height and width >= 10, got 8x8", () -> ConvolutionalNtk.valid(3, 4, 3, 8, 8));
        assertMessage("needs height and width >= 10, got 32x9", () -> ConvolutionalNtk.valid(3, 4, 3, 32, 9));
        assertMessage("odd filter", () -> ConvolutionalNtk.arora(5, 4, GAP, false, 3, 32, 32));
        assertMessage("at least 2", () -> ConvolutionalNtk.arora(1, 3, GAP, false, 3, 32, 32));
        assertMessage("at least 2", () -> ConvolutionalNtk.valid(1, 3, 3, 32, 32));
        assertMessage("kernel is 0", () -> ConvolutionalNtk.arora(2, 3, GAP, true, 3, 32, 32));
        assertMessage("image shape must be positive", () -> ConvolutionalNtk.valid(2, 3, 0, 32, 32));
        assertMessage("use variant arora", () -> Kernels.build(KernelSpec.parse(
                "cntk(variant=valid,readout=trace,channels=3,height=32,width=32)")));
        assertMessage("unknown cntk parameter 'stride'", () -> Kernels.build(KernelSpec.parse(
                "cntk(variant=valid,stride=2,channels=3,height=32,width=32)")));
        assertMessage("unknown cntk variant 'same'", () -> Kernels.build(KernelSpec.parse(
                "cntk(variant=same,channels=3,height=32,width=32)")));
        assertMessage("needs parameter 'depth'", () -> Kernels.build(KernelSpec.parse(
                "cntk(variant=arora,channels=3,height=32,width=32)")));
        assertMessage("needs parameter 'height'", () -> Kernels.build(KernelSpec.parse(
                "cntk(variant=valid,channels=3,width=32)")));
        assertMessage("fix must be true or false", () -> Kernels.build(KernelSpec.parse(
                "cntk(variant=arora,depth=3,fix=yes,channels=3,height=32,width=32)")));
        assertMessage("the images have 28", () -> ConvolutionalNtk.withShape(
                KernelSpec.parse("cntk(variant=valid,height=32)"), new int[]{1, 28, 28}));
        ConvolutionalNtk k = ConvolutionalNtk.valid(2, 3, 3, 8, 8);
        assertMessage("3*8*8 = 192 values, but x has 64 columns",
                () -> k.gram(CntkExactTest.images(2, 1, 8, 8, 1), CntkExactTest.images(2, 3, 8, 8, 1)));
        DoubleMatrix nan = CntkExactTest.images(2, 3, 8, 8, 1);
        nan.set(1, 5, Double.NaN);
        assertMessage("row 1 has a non-finite value", () -> k.diagonal(nan));
        ConvolutionalNtk custom = ConvolutionalNtk.validWithDuals(2, 3, 3, 8, 8,
                new java.util.function.DoubleUnaryOperator[]{ArcCosine::kappa1, null},
                new java.util.function.DoubleUnaryOperator[]{null, ArcCosine::kappa0});
        assertMessage("cannot be rebuilt", () -> Kernels.build(custom.spec()));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    private static DoubleMatrix scale(DoubleMatrix x, double a) {
        DoubleMatrix out = x.copy();
        double[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= a;
        }
        return out;
    }

    /** Row r of the c×ph×pw patches placed at (top, left) in a zero c×size×size image. */
    private static DoubleMatrix framed(DoubleMatrix patches, int r, int c, int size, int top, int left) {
        int ph = 3;
        int pw = 4;
        DoubleMatrix out = new DoubleMatrix(1, c * size * size);
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < ph; i++) {
                for (int j = 0; j < pw; j++) {
                    out.set(0, (ch * size + top + i) * size + left + j, patches.get(r, (ch * ph + i) * pw + j));
                }
            }
        }
        return out;
    }
}
