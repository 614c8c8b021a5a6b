package org.ntk4j.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntk4j.linalg.LinalgTestSupport.gaussian;
import static org.ntk4j.linalg.LinalgTestSupport.gram;
import static org.ntk4j.linalg.LinalgTestSupport.nativeOrNull;
import static org.ntk4j.linalg.LinalgTestSupport.symmetric;

/** The matrix-level Blas entry points, run on each backend that is available. */
class BlasFacadeTest {

    static List<String> backends() {
        List<String> names = new ArrayList<>(List.of("java"));
        if (nativeOrNull() != null) {
            names.add("native");
        }
        return names;
    }

    @AfterAll
    static void restoreDefaultBackend() {
        Blas.use("auto");
    }

    @Test
    void useSelectsTheNamedBackend() {
        assertEquals("java", Blas.use("java").name());
        assertEquals("java", Blas.backend().name());
        assertSame(JavaBlas.class, Blas.backend().getClass());
        assertThrows(IllegalArgumentException.class, () -> Blas.use("fortran"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void multiplyDoubleAndFloat(String backend) {
        Blas.use(backend);
        SplittableRandom rnd = new SplittableRandom(1);
        DoubleMatrix a = new DoubleMatrix(23, 41, gaussian(rnd, 23 * 41));
        DoubleMatrix b = new DoubleMatrix(41, 19, gaussian(rnd, 41 * 19));
        DoubleMatrix c = Blas.multiply(a, b);
        DoubleMatrix ref = new DoubleMatrix(23, 19);
        for (int i = 0; i < 23; i++) {
            for (int j = 0; j < 19; j++) {
                double s = 0;
                for (int p = 0; p < 41; p++) {
                    s += a.get(i, p) * b.get(p, j);
                }
                ref.set(i, j, s);
            }
        }
        assertTrue(c.relativeFrobeniusError(ref) < 1e-14, "double multiply");
        // (Aᵀ)ᵀ·(Bᵀ)ᵀ through the transpose flags gives the same product.
        DoubleMatrix ct = Blas.multiply(a.transpose(), true, b.transpose(), true);
        assertTrue(ct.relativeFrobeniusError(ref) < 1e-14, "transposed multiply");
        FloatMatrix cf = Blas.multiply(a.toFloat(), false, b.toFloat(), false);
        assertTrue(cf.toDouble().relativeFrobeniusError(ref) < 1e-5, "float multiply");
        assertThrows(IllegalArgumentException.class, () -> Blas.multiply(a, a));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void addGramAccumulatesAtA(String backend) {
        Blas.use(backend);
        SplittableRandom rnd = new SplittableRandom(2);
        DoubleMatrix x1 = new DoubleMatrix(30, 12, gaussian(rnd, 360));
        DoubleMatrix x2 = new DoubleMatrix(7, 12, gaussian(rnd, 84));
        DoubleMatrix g = new DoubleMatrix(12, 12);
        Blas.addGram(x1, g);
        Blas.addGram(x2, g);
        Blas.symmetrize(g);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                double s = 0;
                for (int r = 0; r < 30; r++) {
                    s += x1.get(r, i) * x1.get(r, j);
                }
                for (int r = 0; r < 7; r++) {
                    s += x2.get(r, i) * x2.get(r, j);
                }
                assertEquals(s, g.get(i, j), 1e-12 * (1 + Math.abs(s)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void eigenReconstructsMatrix(String backend) {
        Blas.use(backend);
        int n = 70;
        DoubleMatrix a = new DoubleMatrix(n, n, symmetric(new SplittableRandom(3), n));
        DoubleMatrix copy = a.copy();
        SymmetricEigen eig = Blas.eigen(a);
        assertEquals(0, a.maxAbsDiff(copy), "input modified");
        DoubleMatrix v = eig.vectors();
        DoubleMatrix scaled = v.copy();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                scaled.set(i, j, v.get(i, j) * eig.values()[j]);
            }
        }
        DoubleMatrix back = Blas.multiply(scaled, false, v, true);
        assertTrue(back.relativeFrobeniusError(a) < 1e-13, "V·diag(w)·Vᵀ ≠ A");
        for (int i = 1; i < n; i++) {
            assertTrue(eig.values()[i - 1] <= eig.values()[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void solveSpdSolvesAndRejectsIndefinite(String backend) {
        Blas.use(backend);
        int n = 90;
        SplittableRandom rnd = new SplittableRandom(4);
        DoubleMatrix a = new DoubleMatrix(n, n, gram(rnd, n, n, 1.0));
        DoubleMatrix b = new DoubleMatrix(n, 3, gaussian(rnd, n * 3));
        DoubleMatrix aCopy = a.copy();
        DoubleMatrix bCopy = b.copy();
        DoubleMatrix x = Blas.solveSpd(a, b);
        assertEquals(0, a.maxAbsDiff(aCopy), "A modified");
        assertEquals(0, b.maxAbsDiff(bCopy), "B modified");
        assertTrue(Blas.multiply(a, x).relativeFrobeniusError(b) < 1e-10, "A·X ≠ B");

        DoubleMatrix indefinite = DoubleMatrix.identity(4);
        indefinite.set(2, 2, -3);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> Blas.solveSpd(indefinite, new DoubleMatrix(4, 1)));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }
}
