package org.ntk4j.kernel;

import java.util.function.DoubleUnaryOperator;
import java.util.function.IntFunction;

/**
 * Deliberately naive exact CNTKs, straight from algorithms.md §1.3 and §1.4: whole P×P pixel-pair
 * matrices, nested loops over pixel pairs and filter offsets, {@link ArcCosine} for κ0/κ1. Slow
 * (O(P²f²) per layer with no structure used) and written independently of {@link CntkEngine}:
 * no displacement maps, no separable sums, Arora's normalisers taken from the full self-kernel
 * recursion rather than from box sums of the diagonal.
 */
final class CntkNaive {
    private CntkNaive() {
    }

    /** x[c][i][j] of a channel-major row. */
    static double[][][] image(double[] row, int c, int h, int w) {
        double[][][] img = new double[c][h][w];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    img[ch][i][j] = row[(ch * h + i) * w + j];
                }
            }
        }
        return img;
    }

    /** Γ[(i,j)][(i',j')] = Σ_c x_c[i][j]·y_c[i'][j']. */
    static double[][] gamma(double[][][] x, double[][][] y) {
        int c = x.length;
        int h = x[0].length;
        int w = x[0][0].length;
        double[][] g = new double[h * w][h * w];
        for (int p = 0; p < h * w; p++) {
            for (int q = 0; q < h * w; q++) {
                double s = 0;
                for (int ch = 0; ch < c; ch++) {
                    s += x[ch][p / w][p % w] * y[ch][q / w][q % w];
                }
                g[p][q] = s;
            }
        }
        return g;
    }

    /** SAME conv of a pair matrix: Σ_{a,b∈[−r,r]} M[(i+a,j+b)][(i'+a,j'+b)], zero outside. */
    static double[][] convSame(double[][] m, int h, int w, int f) {
        int r = f / 2;
        int p = h * w;
        double[][] out = new double[p][p];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                for (int i2 = 0; i2 < h; i2++) {
                    for (int j2 = 0; j2 < w; j2++) {
                        double s = 0;
                        for (int a = -r; a <= r; a++) {
                            for (int b = -r; b <= r; b++) {
                                if (inside(i + a, h) && inside(j + b, w) && inside(i2 + a, h) && inside(j2 + b, w)) {
                                    s += m[(i + a) * w + j + b][(i2 + a) * w + j2 + b];
                                }
                            }
                        }
                        out[i * w + j][i2 * w + j2] = s;
                    }
                }
            }
        }
        return out;
    }

    /** VALID conv: Σ_{a,b∈[0,f)} M[(i+a,j+b)][(i'+a,j'+b)] on an h×w grid, output (h−f+1)×(w−f+1). */
    static double[][] convValid(double[][] m, int h, int w, int f) {
        int ho = h - f + 1;
        int wo = w - f + 1;
        double[][] out = new double[ho * wo][ho * wo];
        for (int i = 0; i < ho; i++) {
            for (int j = 0; j < wo; j++) {
                for (int i2 = 0; i2 < ho; i2++) {
                    for (int j2 = 0; j2 < wo; j2++) {
                        double s = 0;
                        for (int a = 0; a < f; a++) {
                            for (int b = 0; b < f; b++) {
                                s += m[(i + a) * w + j + b][(i2 + a) * w + j2 + b];
                            }
                        }
                        out[i * wo + j][i2 * wo + j2] = s;
                    }
                }
            }
        }
        return out;
    }

    private static boolean inside(int v, int n) {
        return v >= 0 && v < n;
    }

    /**
     * Arora et al.'s CNTK (§1.3) with depth D = conv layers + 1: Σ = conv(Γ); D−2 times
     * [K = √(Σ_pp(x,x)Σ_p'p'(y,y))κ1(ρ)/f², K̇ = κ0(ρ)/f², Θ ← Θ⊙K̇ + K, Σ ← conv(K), Θ ← conv(Θ)];
     * then once more without the convs; fix: Θ starts at 0 and the last K is subtracted.
     */
    static double arora(double[] xr, double[] yr, int c, int h, int w, int depth, int f, boolean fix, boolean gap) {
        return readout(aroraTheta(xr, yr, c, h, w, depth, f, fix), gap);
    }

    /** Arora's CNTK with the GAP readout pooled over a pool×pool grid of regions. */
    static double aroraPooled(double[] xr, double[] yr, int c, int h, int w, int depth, int f, boolean fix, int pool) {
        return pooled(aroraTheta(xr, yr, c, h, w, depth, f, fix), h, w, pool);
    }

    /** Θ of the last layer (before the readout), all P×P pixel pairs. */
    private static double[][] aroraTheta(double[] xr, double[] yr, int c, int h, int w, int depth, int f, boolean fix) {
        double[][][] x = image(xr, c, h, w);
        double[][][] y = image(yr, c, h, w);
        double[][] dx = aroraSelfDiagonals(x, depth, f);
        double[][] dy = aroraSelfDiagonals(y, depth, f);
        int p = h * w;
        double[][] sigma = convSame(gamma(x, y), h, w, f);
        double[][] theta = fix ? new double[p][p] : copy(sigma);
        double ff = f * f;
        for (int layer = 0; layer < depth - 1; layer++) {
            double[][] k = new double[p][p];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    double norm = Math.sqrt(dx[layer][a] * dy[layer][b]);
                    double rho = sigma[a][b] / norm;
                    k[a][b] = norm * ArcCosine.kappa1(rho) / ff;
                    theta[a][b] = theta[a][b] * ArcCosine.kappa0(rho) / ff + k[a][b];
                }
            }
            if (layer < depth - 2) {
                sigma = convSame(k, h, w, f);
                theta = convSame(theta, h, w, f);
            } else if (fix) {
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        theta[a][b] -= k[a][b];
                    }
                }
            }
        }
        return theta;
    }

    /** Σ_pp(x,x) before each of the D−1 ReLUs, from the full self recursion. */
    private static double[][] aroraSelfDiagonals(double[][][] x, int depth, int f) {
        int h = x[0].length;
        int w = x[0][0].length;
        int p = h * w;
        double[][] diag = new double[depth - 1][p];
        double[][] sigma = convSame(gamma(x, x), h, w, f);
        for (int layer = 0; layer < depth - 1; layer++) {
            for (int a = 0; a < p; a++) {
                diag[layer][a] = sigma[a][a];
            }
            double[][] k = new double[p][p];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    double norm = Math.sqrt(sigma[a][a] * sigma[b][b]);
                    k[a][b] = norm * ArcCosine.kappa1(sigma[a][b] / norm) / (f * f);
                }
            }
            sigma = convSame(k, h, w, f);
        }
        return diag;
    }

    /** The VALID CNTK of §1.4 with exact κ. */
    static double valid(double[] xr, double[] yr, int c, int h, int w, int depth, int f) {
        return valid(xr, yr, c, h, w, depth, f, layer -> ArcCosine::kappa1, layer -> ArcCosine::kappa0, 1);
    }

    static double valid(double[] xr, double[] yr, int c, int h, int w, int depth, int f,
                        IntFunction<DoubleUnaryOperator> kappa1, IntFunction<DoubleUnaryOperator> kappa0) {
        return valid(xr, yr, c, h, w, depth, f, kappa1, kappa0, 1);
    }

    /** The VALID CNTK with its GAP readout pooled over a pool×pool grid of regions. */
    static double validPooled(double[] xr, double[] yr, int c, int h, int w, int depth, int f, int pool) {
        return valid(xr, yr, c, h, w, depth, f, layer -> ArcCosine::kappa1, layer -> ArcCosine::kappa0, pool);
    }

    /**
     * §1.4 as written: N⁽⁰⁾ = max(box(Σ_c x_c²), 1e−8), N⁽ʰ⁺¹⁾ = box(N⁽ʰ⁾)/f²; Σ⁽⁰⁾ = box(Γ);
     * for h = 0..L−2: K⁽ʰ⁾ = √(NN')κ1(ρ⁽ʰ⁾), K̇⁽ʰ⁾ = κ0(ρ⁽ʰ⁾), Σ⁽ʰ⁺¹⁾ = box(K⁽ʰ⁾)/f²,
     * Θ⁽¹⁾ = Σ⁽¹⁾, Θ⁽ʰ⁺¹⁾ = box(Θ⁽ʰ⁾⊙K̇⁽ʰ⁾ + K⁽ʰ⁾)/f² for h ≥ 1; output
     * (1/P²)Σ Θ⁽ᴸ⁻¹⁾κ0(ρ⁽ᴸ⁻¹⁾)/f². κ1 and κ0 of layer h are given per h (the polynomial hook).
     */
    private static double valid(double[] xr, double[] yr, int c, int h, int w, int depth, int f,
                                IntFunction<DoubleUnaryOperator> kappa1, IntFunction<DoubleUnaryOperator> kappa0,
                                int pool) {
        double[][][] x = image(xr, c, h, w);
        double[][][] y = image(yr, c, h, w);
        double ff = f * f;
        double[][] nx = validNorms(x, depth, f);
        double[][] ny = validNorms(y, depth, f);
        int hh = h - f + 1;
        int ww = w - f + 1;
        double[][] sigma = convValid(gamma(x, y), h, w, f);
        double[][] theta = null;
        for (int layer = 0; ; layer++) {
            int p = hh * ww;
            double[][] rho = new double[p][p];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    rho[a][b] = Math.max(-1, Math.min(1, sigma[a][b] / Math.sqrt(nx[layer][a] * ny[layer][b])));
                }
            }
            if (layer == depth - 1) {
                double[][] out = new double[p][p];
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        out[a][b] = theta[a][b] * kappa0.apply(layer).applyAsDouble(rho[a][b]) / ff;
                    }
                }
                return pooled(out, hh, ww, pool);
            }
            double[][] k = new double[p][p];
            double[][] u = new double[p][p];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    k[a][b] = Math.sqrt(nx[layer][a] * ny[layer][b]) * kappa1.apply(layer).applyAsDouble(rho[a][b]);
                    u[a][b] = layer == 0 ? k[a][b] : theta[a][b] * kappa0.apply(layer).applyAsDouble(rho[a][b]) + k[a][b];
                }
            }
            sigma = scale(convValid(k, hh, ww, f), 1 / ff);
            theta = scale(convValid(u, hh, ww, f), 1 / ff); // for layer 0 this is Θ⁽¹⁾ = Σ⁽¹⁾
            hh -= f - 1;
            ww -= f - 1;
        }
    }

    private static double[][] validNorms(double[][][] x, int depth, int f) {
        int c = x.length;
        int h = x[0].length;
        int w = x[0][0].length;
        double[][] out = new double[depth][];
        double[][] sq = new double[h][w];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    sq[i][j] += x[ch][i][j] * x[ch][i][j];
                }
            }
        }
        for (int layer = 0; layer < depth; layer++) {
            int ho = h - f + 1;
            int wo = w - f + 1;
            double[][] next = new double[ho][wo];
            double[] flat = new double[ho * wo];
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    double s = 0;
                    for (int a = 0; a < f; a++) {
                        for (int b = 0; b < f; b++) {
                            s += sq[i + a][j + b];
                        }
                    }
                    next[i][j] = layer == 0 ? Math.max(s, 1e-8) : s / (f * f);
                    flat[i * wo + j] = next[i][j];
                }
            }
            out[layer] = flat;
            sq = next;
            h = ho;
            w = wo;
        }
        return out;
    }

    private static double readout(double[][] theta, boolean gap) {
        int p = theta.length;
        double s = 0;
        for (int a = 0; a < p; a++) {
            if (gap) {
                for (int b = 0; b < p; b++) {
                    s += theta[a][b];
                }
            } else {
                s += theta[a][a];
            }
        }
        return gap ? s / ((double) p * p) : s;
    }

    /**
     * (1/pool²)·Σ over regions R of the mean of Θ over pixel pairs in R, where row i lies in grid
     * row ⌊i·pool/h⌋ (and column j in ⌊j·pool/w⌋). pool = 1 is the plain mean.
     */
    static double pooled(double[][] theta, int h, int w, int pool) {
        double[] sum = new double[pool * pool];
        int[] count = new int[pool * pool];
        for (int a = 0; a < h * w; a++) {
            int ra = (a / w) * pool / h * pool + (a % w) * pool / w;
            count[ra]++;
            for (int b = 0; b < h * w; b++) {
                int rb = (b / w) * pool / h * pool + (b % w) * pool / w;
                if (ra == rb) {
                    sum[ra] += theta[a][b];
                }
            }
        }
        double total = 0;
        for (int r = 0; r < sum.length; r++) {
            total += sum[r] / ((double) count[r] * count[r]);
        }
        return total / (pool * pool);
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    private static double[][] scale(double[][] m, double s) {
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= s;
            }
        }
        return m;
    }
}
