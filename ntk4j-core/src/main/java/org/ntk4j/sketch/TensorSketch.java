package org.ntk4j.sketch;

import org.jtransforms.fft.FloatFFT_1D;
import org.ntk4j.random.RandomStream;

/**
 * Degree-2 TensorSketch (Pham–Pagh) from R^{n1} × R^{n2} to R^k:
 * T(u,v) = IFFT(FFT(CS1 u) ⊙ FFT(CS2 v)), the circular convolution of two independent
 * {@link CountSketch}es. It equals a CountSketch of u⊗v with hash (h1(a)+h2(b)) mod k and sign
 * s1(a)·s2(b), so it is real and E⟨T(u,v),T(u',v')⟩ = ⟨u,u'⟩⟨v,v'⟩: two distinct cells (a,b),
 * (a',b') of the grid collide with probability exactly 1/k, and their sign product has mean 0.
 *
 * <p>Variance: that of a CountSketch of x = u⊗v, y = u'⊗v', (1/k)(‖x‖²‖y‖² + ⟨x,y⟩² − 2Σx_i²y_i²),
 * plus terms from the hash's limited independence (collisions of three or more grid cells are
 * not independent), which are also O(‖x‖²‖y‖²/k) (Avron, Nguyen, Woodruff 2014 bound the whole
 * by (2+3²)/k·‖x‖²‖y‖²). For the same k the {@link TensorSrht} is usually more accurate.
 *
 * <p>Cost: O(n1 + n2 + k log k) — two real forward FFTs and one inverse of length k (JTransforms,
 * any k ≥ 1; k = 2^a·3^b·5^c is fastest, other k use Bluestein's algorithm at a few times the
 * cost and allocate inside JTransforms). Note that JTransforms runs lengths ≥ 8192 on its own
 * thread pool unless {@code org.visnow.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1)}
 * is set. Immutable and thread-safe; scratch (k floats) is thread-local.
 */
public final class TensorSketch {
    private final CountSketch left;
    private final CountSketch right;
    private final int k;
    private final FloatFFT_1D fft;
    private final ThreadLocal<float[]> scratch;

    /** The two CountSketches draw from rng.child("left") and rng.child("right"). */
    public TensorSketch(int leftDim, int rightDim, int outputDim, RandomStream rng) {
        this.left = new CountSketch(leftDim, outputDim, rng.child("left"));
        this.right = new CountSketch(rightDim, outputDim, rng.child("right"));
        this.k = outputDim;
        this.fft = outputDim > 1 ? new FloatFFT_1D(outputDim) : null;
        this.scratch = ThreadLocal.withInitial(() -> new float[outputDim]);
    }

    public int leftDim() {
        return left.inputDim();
    }

    public int rightDim() {
        return right.inputDim();
    }

    public int outputDim() {
        return k;
    }

    /** out[outOff .. outOff+k) ← T(u[uOff .. +n1), v[vOff .. +n2)). */
    public void apply(float[] u, int uOff, float[] v, int vOff, float[] out, int outOff) {
        float[] b = scratch.get();
        left.apply(u, uOff, out, outOff);
        right.apply(v, vOff, b, 0);
        if (k == 1) {
            out[outOff] *= b[0];
            return;
        }
        fft.realForward(out, outOff);
        fft.realForward(b, 0);
        multiplyPacked(out, outOff, b, k);
        fft.realInverse(out, outOff, true);
    }

    /**
     * a ← a ⊙ b for two spectra in JTransforms' packed real format: a[0] = Re X_0; for even k
     * a[1] = Re X_{k/2}, for odd k a[1] = Im X_{(k−1)/2}; otherwise a[2j], a[2j+1] = Re, Im X_j.
     */
    private static void multiplyPacked(float[] a, int off, float[] b, int k) {
        a[off] *= b[0];
        int half = k / 2;
        if (k % 2 == 0) {
            a[off + 1] *= b[1];
            for (int j = 1; j < half; j++) {
                complexMul(a, off + 2 * j, off + 2 * j + 1, b, 2 * j, 2 * j + 1);
            }
        } else {
            for (int j = 1; j < half; j++) {
                complexMul(a, off + 2 * j, off + 2 * j + 1, b, 2 * j, 2 * j + 1);
            }
            if (half >= 1) {
                complexMul(a, off + 2 * half, off + 1, b, 2 * half, 1);
            }
        }
    }

    private static void complexMul(float[] a, int re, int im, float[] b, int bre, int bim) {
        float ar = a[re];
        float ai = a[im];
        float br = b[bre];
        float bi = b[bim];
        a[re] = ar * br - ai * bi;
        a[im] = ar * bi + ai * br;
    }
}
