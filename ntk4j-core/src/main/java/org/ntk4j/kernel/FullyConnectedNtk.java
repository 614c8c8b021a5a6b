package org.ntk4j.kernel;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.linalg.Rows;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact NTK (or NNGP) of a fully connected ReLU network with L hidden layers, every layer trained,
 * in one of two conventions (algorithms.md §1.1):
 * <ul>
 *   <li>{@code PAPER}: Σ⁰ = ⟨x,y⟩, Θ⁰ = Σ⁰, He scaling, no bias; Θ_L(x,y) = ‖x‖‖y‖·K_L(ρ) with
 *       K_L(1) = L + 1.</li>
 *   <li>{@code NEURAL_TANGENTS}: the NTK parameterisation of neural-tangents'
 *       {@code serial([Dense(W_std, b_std), Relu] × L, Dense(W_std, b_std))}: the first Dense layer
 *       scales by 1/d, biases add σ_b², ReLU layers carry the factor ½.</li>
 * </ul>
 * With W_std = √2 and b_std = 0 the paper's NTK is d/2 times the neural-tangents one.
 */
public final class FullyConnectedNtk implements Kernel {

    /** Which normalisation of the network the kernel describes. */
    public enum Convention {
        PAPER("paper"), NEURAL_TANGENTS("nt");

        private final String label;

        Convention(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Convention parse(String s) {
            for (Convention c : values()) {
                if (c.label.equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown convention '" + s + "' (expected paper or nt)");
        }
    }

    private final int depth;
    private final Convention convention;
    private final double wStd;
    private final double bStd;
    private final boolean nngp;

    private FullyConnectedNtk(int depth, Convention convention, double wStd, double bStd, boolean nngp) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be at least 0, got " + depth);
        }
        if (convention == Convention.NEURAL_TANGENTS && !(wStd > 0 && bStd >= 0)) {
            throw new IllegalArgumentException("need W_std > 0 and b_std >= 0, got " + wStd + ", " + bStd);
        }
        this.depth = depth;
        this.convention = convention;
        this.wStd = wStd;
        this.bStd = bStd;
        this.nngp = nngp;
    }

    /** The paper's convention (He scaling, no bias, no 1/d). */
    public static FullyConnectedNtk paper(int depth, boolean nngp) {
        return new FullyConnectedNtk(depth, Convention.PAPER, Math.sqrt(2), 0, nngp);
    }

    /** The neural-tangents NTK parameterisation with weight and bias standard deviations. */
    public static FullyConnectedNtk neuralTangents(int depth, double wStd, double bStd, boolean nngp) {
        return new FullyConnectedNtk(depth, Convention.NEURAL_TANGENTS, wStd, bStd, nngp);
    }

    static FullyConnectedNtk fromSpec(KernelSpec spec) {
        int depth = spec.getInt("depth");
        boolean nngp = spec.kind().equals("nngp");
        Convention c = Convention.parse(spec.getOr("convention", "paper"));
        if (c == Convention.PAPER) {
            return paper(depth, nngp);
        }
        return neuralTangents(depth, spec.getDouble("w-std"), spec.getDouble("b-std"), nngp);
    }

    public int depth() {
        return depth;
    }

    public Convention convention() {
        return convention;
    }

    public boolean isNngp() {
        return nngp;
    }

    @Override
    public KernelSpec spec() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("depth", Integer.toString(depth));
        p.put("convention", convention.label());
        if (convention == Convention.NEURAL_TANGENTS) {
            p.put("w-std", KernelSpec.SpecText.num(wStd));
            p.put("b-std", KernelSpec.SpecText.num(bStd));
        }
        return new KernelSpec(nngp ? "nngp" : "ntk", p);
    }

    /** The kernel value from the inner product and the two squared norms, in input dimension d. */
    public double value(double xy, double xx, double yy, int d) {
        return convention == Convention.PAPER ? paperValue(xy, xx, yy) : ntValue(xy, xx, yy, d);
    }

    private double paperValue(double xy, double xx, double yy) {
        double norms = Math.sqrt(xx * yy);
        if (norms == 0) {
            return 0; // the NTK of a zero input is zero (homogeneity)
        }
        double rho = clampUnit(xy / norms);
        double sigma = rho;
        double theta = rho;
        for (int h = 1; h <= depth; h++) {
            double angle = ArcCosine.angle(sigma);
            double sin = Math.sin(angle);
            double kappa0 = 1 - angle / Math.PI;
            sigma = (sin + sigma * (Math.PI - angle)) / Math.PI;
            theta = theta * kappa0 + sigma;
        }
        return norms * (nngp ? sigma : theta);
    }

    private double ntValue(double xy, double xx, double yy, int d) {
        double w2 = wStd * wStd;
        double b2 = bStd * bStd;
        double sxy = w2 * xy / d + b2;
        double sxx = w2 * xx / d + b2;
        double syy = w2 * yy / d + b2;
        double theta = sxy; // the first layer's weights are trained, its input is not
        for (int h = 1; h <= depth; h++) {
            double norms = Math.sqrt(sxx * syy);
            double rho = norms == 0 ? 0 : clampUnit(sxy / norms);
            double angle = ArcCosine.angle(rho);
            double kappa0 = 1 - angle / Math.PI;
            double kappa1 = (Math.sin(angle) + rho * (Math.PI - angle)) / Math.PI;
            // ReLU: E[relu relu] = ½√(ΣxxΣyy)κ1, E[relu' relu'] = ½κ0
            sxy = 0.5 * norms * kappa1;
            sxx *= 0.5;
            syy *= 0.5;
            theta *= 0.5 * kappa0;
            // Dense
            sxy = w2 * sxy + b2;
            sxx = w2 * sxx + b2;
            syy = w2 * syy + b2;
            theta = w2 * theta + sxy;
        }
        return nngp ? sxy : theta;
    }

    private static double clampUnit(double rho) {
        return rho > 1 ? 1 : rho < -1 ? -1 : rho;
    }

    @Override
    public DoubleMatrix gram(Rows x, Rows y) {
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("inputs have " + x.cols() + " and " + y.cols() + " columns");
        }
        DoubleMatrix xd = x.dense();
        DoubleMatrix yd = y.dense();
        DoubleMatrix inner = Blas.multiply(xd, false, yd, true);
        double[] xx = squaredNorms(xd);
        double[] yy = x == y ? xx : squaredNorms(yd);
        int m = inner.cols();
        int d = x.cols();
        double[] k = inner.data();
        Parallel.forRanges(inner.rows(), 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < m; j++) {
                    k[i * m + j] = value(k[i * m + j], xx[i], yy[j], d);
                }
            }
        });
        if (x == y) {
            symmetrizeAverage(inner);
        }
        return inner;
    }

    /** GEMM may round x_i·x_j and x_j·x_i differently; an exact kernel matrix must be symmetric. */
    private static void symmetrizeAverage(DoubleMatrix k) {
        int n = k.rows();
        double[] a = k.data();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = 0.5 * (a[i * n + j] + a[j * n + i]);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
    }

    @Override
    public double[] diagonal(Rows x) {
        DoubleMatrix xd = x.dense();
        double[] xx = squaredNorms(xd);
        double[] out = new double[xx.length];
        for (int i = 0; i < xx.length; i++) {
            out[i] = value(xx[i], xx[i], xx[i], x.cols());
        }
        return out;
    }

    static double[] squaredNorms(DoubleMatrix x) {
        double[] out = new double[x.rows()];
        double[] a = x.data();
        int c = x.cols();
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                double v = a[i * c + j];
                s += v * v;
            }
            out[i] = s;
        }
        return out;
    }
}
