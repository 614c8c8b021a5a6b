package org.ntk4j.learn;

import org.ntk4j.Progress;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.BlasBackend;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a fully connected ReLU network on squared loss ½‖f(x) − y‖² (standardised targets, or
 * one-hot rows for classification) by minibatch Adam, the trained-network baseline of
 * algorithms.md §6. A seeded fraction of the training rows is held out; training stops when the
 * validation loss has not improved for {@code patience} epochs, and the network of the best epoch
 * is returned.
 *
 * <p>He-normal initialisation (N(0, 2/fan_in), N(0, 1/fan_in) for the linear output layer), zero
 * biases. One thread; every product by {@link Blas#deterministic()}, every draw from the seed's
 * streams, so the same seed gives the same network on any machine.
 */
public final class MlpTrainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private MlpTrainer() {
    }

    /**
     * @param depth              hidden layers
     * @param parameters         target parameter count m; the width is {@link #width}
     * @param epochs             at most this many passes over the training rows
     * @param learningRate       Adam step size
     * @param batchSize          rows per minibatch
     * @param validationFraction held-out share of the training rows for early stopping
     * @param patience           epochs without validation improvement before stopping
     */
    public record Config(int depth, int parameters, int epochs, double learningRate, int batchSize,
                         double validationFraction, int patience, long seed) {
        public Config {
            if (depth < 1 || parameters < 1 || epochs < 1 || batchSize < 1 || patience < 1) {
                throw new IllegalArgumentException("MLP depth, parameter count, epochs, batch size and patience must be "
                        + "positive, got " + depth + ", " + parameters + ", " + epochs + ", " + batchSize + ", " + patience);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
            }
        }

        /** Adam at 1e-3, batches of 64, at most 200 epochs, 10% validation, patience 20. */
        public static Config defaults(int depth, int parameters, long seed) {
            return new Config(depth, parameters, 200, 1e-3, 64, 0.1, 20, seed);
        }

        public Config withEpochs(int e) {
            return new Config(depth, parameters, e, learningRate, batchSize, validationFraction, patience, seed);
        }

        public Config withLearningRate(double r) {
            return new Config(depth, parameters, epochs, r, batchSize, validationFraction, patience, seed);
        }

        public Config withBatchSize(int b) {
            return new Config(depth, parameters, epochs, learningRate, b, validationFraction, patience, seed);
        }
    }

    /** The trained network and how training went; losses are per row and output (mean squared error / 2). */
    public record Result(Mlp network, int epochsRun, int bestEpoch, double bestValidationLoss, double[] validationLosses) {
    }

    /**
     * The hidden width w whose parameter count (d+1)w + (L−1)(w+1)w + (w+1)k is closest to m. For
     * one hidden layer this is §6's w ≈ m/(d+1); for deeper nets it solves the count exactly
     * where §6's approximation collapses to width 2 once √(m/L)·d exceeds m (e.g. MNIST, m = 1024).
     */
    public static int width(int m, int d, int depth, int outputs) {
        int best = 1;
        long bestGap = Long.MAX_VALUE;
        // the count grows with w, so walk up from 1 until it passes m (w ≤ m keeps this short)
        for (int w = 1; w <= Math.max(1, m); w++) {
            long gap = Math.abs(count(w, d, depth, outputs) - m);
            if (gap < bestGap) {
                best = w;
                bestGap = gap;
            }
            if (count(w, d, depth, outputs) > m) {
                break;
            }
        }
        return best;
    }

    private static long count(int w, int d, int depth, int outputs) {
        int[] sizes = new int[depth + 2];
        Arrays.fill(sizes, w);
        sizes[0] = d;
        sizes[depth + 1] = outputs;
        return Mlp.parameterCount(sizes);
    }

    public static Result train(DoubleMatrix x, DoubleMatrix y, Config config, Progress progress) {
        int n = x.rows();
        if (n < 2 || y.rows() != n) {
            throw new IllegalArgumentException("MLP training needs at least 2 rows with targets, got " + n + " inputs and "
                    + y.rows() + " target rows");
        }
        RandomStream rng = RandomStream.of(config.seed()).child("mlp");
        int[] order = rng.child("validation").permutation(n);
        int nVal = (int) Math.min(n - 1, Math.max(1, Math.round(n * config.validationFraction())));
        int[] val = Arrays.copyOfRange(order, 0, nVal);
        int[] fit = Arrays.copyOfRange(order, nVal, n);
        DoubleMatrix xVal = x.selectRows(val);
        DoubleMatrix yVal = y.selectRows(val);

        int w = width(config.parameters(), x.cols(), config.depth(), y.cols());
        int[] sizes = new int[config.depth() + 2];
        Arrays.fill(sizes, w);
        sizes[0] = x.cols();
        sizes[sizes.length - 1] = y.cols();
        Network net = Network.initial(sizes, rng.child("init"));
        Network best = net.copy();
        double bestLoss = loss(best.toMlp(), xVal, yVal);
        int bestEpoch = 0;
        List<Double> curve = new ArrayList<>();
        int batch = Math.min(config.batchSize(), fit.length);
        int epoch = 0;
        progress.start("training MLP (" + w + " wide)", config.epochs());
        while (epoch < config.epochs() && epoch - bestEpoch < config.patience()) {
            epoch++;
            int[] shuffled = rng.child("epoch").child(epoch).permutation(fit.length);
            for (int from = 0; from < fit.length; from += batch) {
                int to = Math.min(fit.length, from + batch);
                int[] rows = new int[to - from];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = fit[shuffled[from + i]];
                }
                net.step(x.selectRows(rows), y.selectRows(rows), config.learningRate());
            }
            double v = loss(net.toMlp(), xVal, yVal);
            if (!Double.isFinite(v)) {
                throw new ArithmeticException("MLP training diverged in epoch " + epoch
                        + " (validation loss " + v + "); try a smaller --learning-rate");
            }
            curve.add(v);
            if (v < bestLoss) {
                bestLoss = v;
                bestEpoch = epoch;
                best = net.copy();
            }
            progress.advance(1);
        }
        progress.finish();
        return new Result(best.toMlp(), epoch, bestEpoch, bestLoss, curve.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** ½·mean over rows and outputs of the squared error. */
    static double loss(Mlp net, DoubleMatrix x, DoubleMatrix y) {
        return 0.5 * Metrics.mse(net.predict(x), y);
    }

    /** Parameters with their Adam moments; mutable, private to training. */
    private static final class Network {
        final int[] sizes;
        final double[][] w;
        final double[][] b;
        final double[][] mw;
        final double[][] vw;
        final double[][] mb;
        final double[][] vb;
        long steps;

        Network(int[] sizes) {
            this.sizes = sizes;
            int layers = sizes.length - 1;
            w = new double[layers][];
            b = new double[layers][];
            mw = new double[layers][];
            vw = new double[layers][];
            mb = new double[layers][];
            vb = new double[layers][];
            for (int l = 0; l < layers; l++) {
                int size = Math.multiplyExact(sizes[l], sizes[l + 1]);
                w[l] = new double[size];
                mw[l] = new double[size];
                vw[l] = new double[size];
                b[l] = new double[sizes[l + 1]];
                mb[l] = new double[sizes[l + 1]];
                vb[l] = new double[sizes[l + 1]];
            }
        }

        static Network initial(int[] sizes, RandomStream rng) {
            Network net = new Network(sizes);
            for (int l = 0; l < net.w.length; l++) {
                boolean output = l == net.w.length - 1;
                double sd = Math.sqrt((output ? 1.0 : 2.0) / sizes[l]);
                RandomStream r = rng.child(l);
                for (int i = 0; i < net.w[l].length; i++) {
                    net.w[l][i] = sd * r.nextGaussian();
                }
            }
            return net;
        }

        Network copy() {
            Network c = new Network(sizes);
            for (int l = 0; l < w.length; l++) {
                c.w[l] = w[l].clone();
                c.b[l] = b[l].clone();
                c.mw[l] = mw[l].clone();
                c.vw[l] = vw[l].clone();
                c.mb[l] = mb[l].clone();
                c.vb[l] = vb[l].clone();
            }
            c.steps = steps;
            return c;
        }

        Mlp toMlp() {
            List<DoubleMatrix> ws = new ArrayList<>();
            List<double[]> bs = new ArrayList<>();
            for (int l = 0; l < w.length; l++) {
                ws.add(new DoubleMatrix(sizes[l], sizes[l + 1], w[l]));
                bs.add(b[l]);
            }
            return new Mlp(ws, bs); // copies
        }

        /** One Adam step on the minibatch gradient of ½·mean‖f(x) − y‖². */
        void step(DoubleMatrix x, DoubleMatrix y, double rate) {
            BlasBackend blas = Blas.deterministic();
            int layers = w.length;
            int rows = x.rows();
            // forward, keeping every layer's input (post-ReLU activations)
            DoubleMatrix[] input = new DoubleMatrix[layers + 1];
            input[0] = x;
            for (int l = 0; l < layers; l++) {
                DoubleMatrix h = Mlp.affine(input[l], new DoubleMatrix(sizes[l], sizes[l + 1], w[l]), b[l]);
                if (l + 1 < layers) {
                    Mlp.relu(h.data());
                }
                input[l + 1] = h;
            }
            // backward: g = ∂loss/∂(layer output), starting from (f − y)/rows
            double[] g = input[layers].data().clone();
            double[] t = y.data();
            for (int i = 0; i < g.length; i++) {
                g[i] = (g[i] - t[i]) / rows;
            }
            steps++;
            for (int l = layers - 1; l >= 0; l--) {
                int in = sizes[l];
                int out = sizes[l + 1];
                double[] gw = new double[in * out];
                blas.dgemm(true, false, in, out, rows, 1.0, input[l].data(), 0, in, g, 0, out, 0.0, gw, 0, out);
                double[] gb = new double[out];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < out; j++) {
                        gb[j] += g[r * out + j];
                    }
                }
                if (l > 0) {
                    // gradient for the layer below, through this layer's (not yet updated) weights and the ReLU
                    double[] below = new double[rows * in];
                    blas.dgemm(false, true, rows, in, out, 1.0, g, 0, out, w[l], 0, out, 0.0, below, 0, in);
                    double[] a = input[l].data();
                    for (int i = 0; i < below.length; i++) {
                        if (!(a[i] > 0)) {
                            below[i] = 0;
                        }
                    }
                    g = below;
                }
                adam(w[l], gw, mw[l], vw[l], rate);
                adam(b[l], gb, mb[l], vb[l], rate);
            }
        }

        private void adam(double[] p, double[] grad, double[] m, double[] v, double rate) {
            double c1 = 1 - StrictMath.pow(BETA1, steps);
            double c2 = 1 - StrictMath.pow(BETA2, steps);
            for (int i = 0; i < p.length; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i];
                p[i] -= rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
            }
        }
    }
}
