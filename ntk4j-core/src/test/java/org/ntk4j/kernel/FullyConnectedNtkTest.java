package org.ntk4j.kernel;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FullyConnectedNtkTest {

    static DoubleMatrix gaussian(int n, int d, long seed) {
        DoubleMatrix x = new DoubleMatrix(n, d);
        RandomStream.of(seed).fillGaussian(x.data());
        return x;
    }

    @Test
    void diagonalIsDepthPlusOneTimesSquaredNorm() {
        DoubleMatrix x = gaussian(5, 7, 1);
        for (int depth = 1; depth <= 4; depth++) {
            double[] diag = FullyConnectedNtk.paper(depth, false).diagonal(x);
            for (int i = 0; i < 5; i++) {
                double sq = 0;
                for (double v : x.row(i)) {
                    sq += v * v;
                }
                assertEquals((depth + 1) * sq, diag[i], 1e-12 * sq);
            }
        }
    }

    @Test
    void kernelIsHomogeneous() {
        FullyConnectedNtk k = FullyConnectedNtk.paper(3, false);
        DoubleMatrix x = gaussian(1, 6, 2);
        DoubleMatrix y = gaussian(1, 6, 3);
        double base = k.gram(x, y).get(0, 0);
        double a = 2.5;
        double b = 0.3;
        DoubleMatrix ax = x.copy();
        DoubleMatrix by = y.copy();
        for (int j = 0; j < 6; j++) {
            ax.set(0, j, a * x.get(0, j));
            by.set(0, j, b * y.get(0, j));
        }
        assertEquals(a * b * base, k.gram(ax, by).get(0, 0), 1e-12 * Math.abs(base));
    }

    @Test
    void paperConventionIsHalfDTimesNeuralTangentsWithHeScaling() {
        int d = 9;
        DoubleMatrix x = gaussian(6, d, 4);
        DoubleMatrix y = gaussian(5, d, 5);
        for (int depth = 1; depth <= 4; depth++) {
            for (boolean nngp : new boolean[]{false, true}) {
                DoubleMatrix paper = FullyConnectedNtk.paper(depth, nngp).gram(x, y);
                DoubleMatrix nt = FullyConnectedNtk.neuralTangents(depth, Math.sqrt(2), 0, nngp).gram(x, y);
                for (int i = 0; i < paper.data().length; i++) {
                    assertEquals(paper.data()[i], d / 2.0 * nt.data()[i], 1e-12 * Math.abs(paper.data()[i]) + 1e-14);
                }
                // and d·2^L times the W_std = 1 network (algorithms.md §0 item 4)
                if (!nngp) {
                    DoubleMatrix unit = FullyConnectedNtk.neuralTangents(depth, 1, 0, false).gram(x, y);
                    for (int i = 0; i < paper.data().length; i++) {
                        assertEquals(paper.data()[i], d * Math.pow(2, depth) * unit.data()[i],
                                1e-12 * Math.abs(paper.data()[i]) + 1e-14);
                    }
                }
            }
        }
    }

    @Test
    void neuralTangentsKernelWithBiasMatchesAWideRandomNetwork() {
        // Empirical NTK of f(x) = σw/√n · vᵀrelu(σw/√d · Wx + σb·b) + σb·c (NT parameterisation),
        // summed over the gradients of all parameters, converges to the exact kernel as n grows.
        int d = 4;
        int width = 400_000;
        double sw = 1.3;
        double sb = 0.4;
        double[] x = {0.9, -0.2, 0.4, 1.1};
        double[] y = {-0.3, 0.8, 0.5, 0.7};
        RandomStream rng = RandomStream.of(11);
        double xy = 0;
        for (int j = 0; j < d; j++) {
            xy += x[j] * y[j];
        }
        double ntk = sb * sb; // output bias
        for (int u = 0; u < width; u++) {
            double hx = 0;
            double hy = 0;
            for (int j = 0; j < d; j++) {
                double w = rng.nextGaussian();
                hx += w * x[j];
                hy += w * y[j];
            }
            double b = rng.nextGaussian();
            hx = sw / Math.sqrt(d) * hx + sb * b;
            hy = sw / Math.sqrt(d) * hy + sb * b;
            double v = rng.nextGaussian();
            double gx = hx > 0 ? 1 : 0;
            double gy = hy > 0 ? 1 : 0;
            ntk += sw * sw / width * Math.max(hx, 0) * Math.max(hy, 0);              // ∂f/∂v
            ntk += sw * sw / width * v * v * gx * gy * (sw * sw / d * xy + sb * sb); // ∂f/∂W and ∂f/∂b
        }
        DoubleMatrix xm = DoubleMatrix.of(new double[][]{x});
        DoubleMatrix ym = DoubleMatrix.of(new double[][]{y});
        double exact = FullyConnectedNtk.neuralTangents(1, sw, sb, false).gram(xm, ym).get(0, 0);
        assertEquals(exact, ntk, 0.01 * exact);
    }

    @Test
    void gramIsSymmetricPositiveSemidefiniteAndSparseEqualsDense() {
        DoubleMatrix x = gaussian(40, 12, 6);
        for (int depth = 1; depth <= 3; depth++) {
            FullyConnectedNtk k = FullyConnectedNtk.paper(depth, false);
            DoubleMatrix g = k.gram(x);
            for (int i = 0; i < 40; i++) {
                for (int j = 0; j < 40; j++) {
                    assertEquals(g.get(i, j), g.get(j, i), 0);
                }
            }
            double[] eig = Blas.eigen(g).values();
            assertTrue(eig[0] > -1e-10 * eig[eig.length - 1], "smallest eigenvalue " + eig[0]);
            DoubleMatrix sparse = k.gram(CsrMatrix.fromDense(x));
            assertEquals(0, g.maxAbsDiff(sparse), 1e-12 * g.frobeniusNorm());
        }
    }

    @Test
    void zeroInputHasZeroKernel() {
        DoubleMatrix zero = new DoubleMatrix(1, 3);
        DoubleMatrix x = gaussian(1, 3, 9);
        assertEquals(0, FullyConnectedNtk.paper(2, false).gram(zero, x).get(0, 0));
        assertEquals(0, FullyConnectedNtk.paper(2, false).gram(zero).get(0, 0));
    }

    @Test
    void specRoundTripsAndBadParametersAreRejected() {
        Kernel k = FullyConnectedNtk.neuralTangents(3, 1.5, 0.1, true);
        Kernel back = Kernels.build(KernelSpec.parse(k.spec().toString()));
        assertEquals(k.spec(), back.spec());
        assertEquals("nngp(depth=3,convention=nt,w-std=1.5,b-std=0.1)", k.spec().toString());
        assertThrows(IllegalArgumentException.class, () -> Kernels.build(KernelSpec.parse("rbf(gamma=1)")));
        assertThrows(IllegalArgumentException.class, () -> Kernels.build(KernelSpec.parse("ntk(depth=x)")));
        assertThrows(IllegalArgumentException.class, () -> FullyConnectedNtk.paper(-1, false));
        assertThrows(IllegalArgumentException.class, () -> FullyConnectedNtk.neuralTangents(1, 0, 0, false));
    }
}
