package org.ntk4j.learn;

/**
 * The λ values searched: λ = t·s for t on a log grid, where s = tr(G)/n is the mean squared
 * (centred) feature norm per training row. Because s scales with the data, a t chosen on part of
 * the training rows transfers to all of them (the reference code's λ rescaling bug cannot occur).
 */
public final class LambdaGrid {
    /** Relative values t = 10^-7 … 10^3, four per decade. */
    public static final double[] RELATIVE = relative(-7, 3, 4);

    private LambdaGrid() {
    }

    static double[] relative(int fromExp, int toExp, int perDecade) {
        int count = (toExp - fromExp) * perDecade + 1;
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = Math.pow(10, fromExp + (double) i / perDecade);
        }
        return t;
    }

    /** The scale s = trace / rows (at least a tiny positive value so λ stays positive). */
    public static double scale(double trace, long rows) {
        double s = trace / rows;
        return s > 0 && Double.isFinite(s) ? s : 1e-300;
    }
}
