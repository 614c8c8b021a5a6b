package org.ntk4j.learn;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;

import java.util.ArrayList;
import java.util.List;

/**
 * A fully connected ReLU network, f(x) = W_{L+1}ᵀ·relu(…relu(W_1ᵀx + b_1)…) + b_{L+1}: its
 * parameters and forward pass. Immutable; {@link MlpTrainer} produces it. Products use
 * {@link Blas#deterministic()}, so predictions of a row never depend on its block or the threads.
 */
public final class Mlp {
    private final int[] sizes;           // d, hidden widths…, outputs
    private final DoubleMatrix[] weights; // layer l: sizes[l] × sizes[l+1]
    private final double[][] biases;

    public Mlp(List<DoubleMatrix> weights, List<double[]> biases) {
        if (weights.isEmpty() || weights.size() != biases.size()) {
            throw new IllegalArgumentException("an MLP needs one bias vector per weight matrix and at least one layer");
        }
        int layers = weights.size();
        this.sizes = new int[layers + 1];
        this.weights = new DoubleMatrix[layers];
        this.biases = new double[layers][];
        sizes[0] = weights.get(0).rows();
        for (int l = 0; l < layers; l++) {
            DoubleMatrix w = weights.get(l);
            if (w.rows() != sizes[l] || biases.get(l).length != w.cols() || w.cols() < 1) {
                throw new IllegalArgumentException("layer " + l + " has weights " + w.rows() + "x" + w.cols() + " and "
                        + biases.get(l).length + " biases after " + sizes[l] + " inputs");
            }
            sizes[l + 1] = w.cols();
            this.weights[l] = w.copy();
            this.biases[l] = biases.get(l).clone();
        }
    }

    /** Layer widths: inputs, hidden layers, outputs. */
    public int[] sizes() {
        return sizes.clone();
    }

    public int inputs() {
        return sizes[0];
    }

    public int outputs() {
        return sizes[sizes.length - 1];
    }

    /** Hidden layers. */
    public int depth() {
        return sizes.length - 2;
    }

    public long parameterCount() {
        return parameterCount(sizes);
    }

    static long parameterCount(int[] sizes) {
        long p = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            p += ((long) sizes[l] + 1) * sizes[l + 1];
        }
        return p;
    }

    /** Copies of the weight matrices, layer by layer. */
    public List<DoubleMatrix> weights() {
        List<DoubleMatrix> out = new ArrayList<>();
        for (DoubleMatrix w : weights) {
            out.add(w.copy());
        }
        return out;
    }

    /** Copies of the bias vectors, layer by layer. */
    public List<double[]> biases() {
        List<double[]> out = new ArrayList<>();
        for (double[] b : biases) {
            out.add(b.clone());
        }
        return out;
    }

    /** Outputs for the rows of x (n × inputs). */
    public DoubleMatrix predict(DoubleMatrix x) {
        if (x.cols() != inputs()) {
            throw new IllegalArgumentException("input has " + x.cols() + " columns, the network expects " + inputs());
        }
        DoubleMatrix a = x;
        for (int l = 0; l < weights.length; l++) {
            a = affine(a, weights[l], biases[l]);
            if (l + 1 < weights.length) {
                relu(a.data());
            }
        }
        return a;
    }

    /** a·W + 1bᵀ. */
    static DoubleMatrix affine(DoubleMatrix a, DoubleMatrix w, double[] b) {
        int n = a.rows();
        int out = w.cols();
        DoubleMatrix h = new DoubleMatrix(n, out);
        double[] hd = h.data();
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, 0, hd, i * out, out);
        }
        Blas.deterministic().dgemm(false, false, n, out, a.cols(), 1.0, a.data(), 0, a.cols(), w.data(), 0, out, 1.0,
                hd, 0, out);
        return h;
    }

    static void relu(double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                v[i] = 0; // NaN passes through: a diverged network must not look fine
            }
        }
    }
}
