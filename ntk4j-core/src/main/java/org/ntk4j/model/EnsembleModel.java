package org.ntk4j.model;

import org.ntk4j.Progress;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mean prediction of K ridge models on independent draws of one random feature map (seeds
 * S, S+1, …). Averaging cuts the random-feature noise of the predictions while each ridge solve
 * stays that of m features (the fit runs the draws one after another, so its m×m work space is
 * needed once; the model keeps every member's map, which for sketch maps is just a seed). How much
 * it buys depends on the data: on 10,000 Fashion-MNIST images two draws of 4096 matched one draw
 * of 8192, on all 60,000 three draws of 8192 stayed below one of 16384.
 *
 * <p>Each member keeps its own λ (chosen by the fit's rule on its own features). The file stores
 * the shared preprocessing once and each member's entries under "draw.I.".
 */
public record EnsembleModel(List<FeatureRidgeModel> members, FitSummary summary) implements TrainedModel {
    static final String TYPE = "feature-ridge-ensemble";
    private static final String KEY_DRAWS = "draws";

    public EnsembleModel {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        members = List.copyOf(members);
    }

    @Override
    public Preprocessing preprocessing() {
        return members.getFirst().preprocessing();
    }

    @Override
    public String describeMap() {
        long first = members.getFirst().map().spec().seed();
        return "mean of " + members.size() + " draws of " + members.getFirst().describeMap()
                + (members.size() > 1 ? " (seeds " + first + ".." + (first + members.size() - 1) + ")" : "");
    }

    /** λ chosen by each member, in draw order. */
    public double[] memberLambdas() {
        return members.stream().mapToDouble(m -> m.summary().lambda()).toArray();
    }

    @Override
    public DoubleMatrix predict(Rows rawInputs, Progress progress) {
        DoubleMatrix sum = null;
        for (FeatureRidgeModel m : members) {
            DoubleMatrix p = m.predict(rawInputs, progress);
            sum = sum == null ? p : add(sum, p);
        }
        return scale(sum, 1.0 / members.size());
    }

    /** a += b, returning a. */
    public static DoubleMatrix add(DoubleMatrix a, DoubleMatrix b) {
        double[] x = a.data();
        double[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
        return a;
    }

    /** a *= c, returning a. */
    public static DoubleMatrix scale(DoubleMatrix a, double c) {
        double[] x = a.data();
        for (int i = 0; i < x.length; i++) {
            x[i] *= c;
        }
        return a;
    }

    @Override
    public void writeContent(Map<String, String> header, Map<String, DoubleMatrix> arrays) {
        header.put("model-type", TYPE);
        header.put(KEY_DRAWS, Integer.toString(members.size()));
        for (int i = 0; i < members.size(); i++) {
            FeatureRidgeModel m = members.get(i);
            Map<String, String> h = new LinkedHashMap<>();
            Map<String, DoubleMatrix> a = new LinkedHashMap<>();
            m.writeContent(h, a);
            h.remove("model-type");
            h.put("lambda", Double.toString(m.summary().lambda()));
            h.put("lambda-relative", Double.toString(m.summary().relativeLambda()));
            String prefix = prefix(i);
            h.forEach((k, v) -> header.put(prefix + k, v));
            a.forEach((k, v) -> arrays.put(prefix + k, v));
        }
    }

    private static String prefix(int draw) {
        return "draw." + draw + ".";
    }

    static EnsembleModel read(ModelFile f, Preprocessing pre, FitSummary summary) {
        int draws;
        try {
            draws = Integer.parseInt(f.require(KEY_DRAWS));
        } catch (NumberFormatException e) {
            throw new ModelFormatException("draws is not an integer");
        }
        if (draws < 1) {
            throw new ModelFormatException("draws must be at least 1, got " + draws);
        }
        List<FeatureRidgeModel> members = new ArrayList<>();
        for (int i = 0; i < draws; i++) {
            String prefix = prefix(i);
            Map<String, String> h = new LinkedHashMap<>();
            Map<String, DoubleMatrix> a = new LinkedHashMap<>();
            f.header().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    h.put(k.substring(prefix.length()), v);
                }
            });
            f.arrays().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    a.put(k.substring(prefix.length()), v);
                }
            });
            if (h.isEmpty()) {
                throw new ModelFormatException("draw " + i + " of " + draws + " is missing");
            }
            try {
                ModelFile member = new ModelFile(h, a);
                FitSummary s = new FitSummary(summary.data(), summary.trainRows(), summary.created(), summary.ntk4jVersion(),
                        FitSummary.number(member, "lambda"), FitSummary.number(member, "lambda-relative"),
                        summary.lambdaRule(), null, Double.NaN, 0, 0);
                FeatureRidgeModel m = FeatureRidgeModel.read(member, pre, s);
                FeatureMapSpec first = members.isEmpty() ? m.map().spec() : members.getFirst().map().spec();
                if (!m.map().spec().kind().equals(first.kind()) || !m.map().spec().params().equals(first.params())
                        || m.map().spec().seed() != first.seed() + i) {
                    throw new ModelFormatException("its map " + m.map().spec() + " is not draw " + i + " of " + first);
                }
                members.add(m);
            } catch (ModelFormatException | IllegalArgumentException e) {
                throw new ModelFormatException("draw " + i + ": " + e.getMessage());
            }
        }
        if (f.header().containsKey(prefix(draws) + "feature-map")) {
            throw new ModelFormatException("the file holds more draws than its 'draws: " + draws + "'");
        }
        return new EnsembleModel(members, summary);
    }
}
