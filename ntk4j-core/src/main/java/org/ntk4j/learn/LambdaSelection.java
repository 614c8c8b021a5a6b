package org.ntk4j.learn;

import java.util.Locale;

/**
 * How the ridge parameter λ is chosen, always on the training data only:
 * GCV from one eigen-decomposition, a hold-out fraction, k-fold cross-validation, or a fixed value.
 */
public record LambdaSelection(Rule rule, double fraction, int folds, double fixedLambda, long seed) {

    public enum Rule { GCV, HOLDOUT, KFOLD, FIXED }

    public LambdaSelection {
        switch (rule) {
            case HOLDOUT -> {
                if (!(fraction > 0 && fraction < 1)) {
                    throw new IllegalArgumentException("hold-out fraction must be in (0, 1), got " + fraction);
                }
            }
            case KFOLD -> {
                if (folds < 2) {
                    throw new IllegalArgumentException("k-fold needs at least 2 folds, got " + folds);
                }
            }
            case FIXED -> {
                if (!(fixedLambda > 0) || !Double.isFinite(fixedLambda)) {
                    throw new IllegalArgumentException("a fixed λ must be positive and finite, got " + fixedLambda);
                }
            }
            case GCV -> { }
        }
    }

    public static LambdaSelection gcv() {
        return new LambdaSelection(Rule.GCV, 0, 0, 0, 0);
    }

    public static LambdaSelection holdout(double fraction, long seed) {
        return new LambdaSelection(Rule.HOLDOUT, fraction, 0, 0, seed);
    }

    public static LambdaSelection kfold(int k, long seed) {
        return new LambdaSelection(Rule.KFOLD, 0, k, 0, seed);
    }

    public static LambdaSelection fixed(double lambda) {
        return new LambdaSelection(Rule.FIXED, 0, 0, lambda, 0);
    }

    /** Parses "gcv", "holdout[:FRACTION]", "kfold[:K]" or a number (a fixed λ). */
    public static LambdaSelection parse(String text, long seed) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        String[] parts = t.split(":", 2);
        try {
            return switch (parts[0]) {
                case "gcv" -> gcv();
                case "holdout" -> holdout(parts.length > 1 ? Double.parseDouble(parts[1]) : 0.2, seed);
                case "kfold" -> kfold(parts.length > 1 ? Integer.parseInt(parts[1]) : 5, seed);
                default -> fixed(Double.parseDouble(t));
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid λ rule '" + text
                    + "': expected auto, gcv, holdout[:FRACTION], kfold[:K] or a positive number");
        }
    }

    /** Number of disjoint row groups the statistics must be accumulated in. */
    public int groups() {
        return switch (rule) {
            case HOLDOUT -> 2;
            case KFOLD -> folds;
            default -> 1;
        };
    }

    @Override
    public String toString() {
        return switch (rule) {
            case GCV -> "gcv";
            case HOLDOUT -> "holdout:" + fraction;
            case KFOLD -> "kfold:" + folds;
            case FIXED -> Double.toString(fixedLambda);
        };
    }
}
