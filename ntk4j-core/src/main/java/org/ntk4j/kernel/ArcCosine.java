package org.ntk4j.kernel;

/**
 * The normalised arc-cosine functions of the ReLU network kernels (algorithms.md §1.1):
 * κ0(ρ) = (π − arccos ρ)/π and κ1(ρ) = (√(1−ρ²) + ρ(π − arccos ρ))/π, with κ0(1) = κ1(1) = 1.
 *
 * <p>Both are evaluated through θ = atan2(√((1−ρ)(1+ρ)), ρ), which keeps full relative accuracy
 * near ρ = ±1 where arccos and 1−ρ² lose digits. Arguments a rounding step outside [−1, 1]
 * are clamped.
 */
public final class ArcCosine {
    private ArcCosine() {
    }

    private static double clamp(double rho) {
        if (Double.isNaN(rho)) {
            throw new ArithmeticException("correlation is NaN");
        }
        return rho > 1 ? 1 : rho < -1 ? -1 : rho;
    }

    /** θ = arccos ρ, accurate near ±1. */
    static double angle(double rho) {
        double r = clamp(rho);
        return Math.atan2(Math.sqrt((1 - r) * (1 + r)), r);
    }

    /** κ0(ρ) = 1 − θ/π: the step (derivative) kernel, 2·E[1(wᵀx&gt;0)1(wᵀy&gt;0)]. */
    public static double kappa0(double rho) {
        return 1 - angle(rho) / Math.PI;
    }

    /** κ1(ρ) = (sin θ + (π − θ)cos θ)/π: the ReLU kernel on the unit sphere. */
    public static double kappa1(double rho) {
        double r = clamp(rho);
        double theta = Math.atan2(Math.sqrt((1 - r) * (1 + r)), r);
        return (Math.sqrt((1 - r) * (1 + r)) + r * (Math.PI - theta)) / Math.PI;
    }

    /** κ1 applied h times: the correlation after h ReLU layers (κ1^{∘0}(t) = t). */
    public static double kappa1Iterated(double rho, int h) {
        double t = rho;
        for (int i = 0; i < h; i++) {
            t = kappa1(t);
        }
        return t;
    }

    /**
     * The normalised depth-L NTK of the paper's convention on the unit sphere:
     * K_L(t) = Σ_{h=0}^{L} κ1^{∘h}(t)·Π_{j=h}^{L−1} κ0(κ1^{∘j}(t)), so K_L(1) = L + 1.
     */
    public static double ntk(double t, int depth) {
        double sigma = clamp(t);
        double theta = sigma;
        for (int h = 1; h <= depth; h++) {
            double derivative = kappa0(sigma);
            sigma = kappa1(sigma);
            theta = theta * derivative + sigma;
        }
        return theta;
    }

    /** The normalised depth-L NNGP kernel κ1^{∘L}(t). */
    public static double nngp(double t, int depth) {
        return kappa1Iterated(clamp(t), depth);
    }
}
