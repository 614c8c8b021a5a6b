package org.ntk4j.spark;

import java.io.Serializable;

/** Up to a block of training rows of one λ-selection group: features (rows × m) and targets (rows × k), row-major. */
record FeatureBlock(int group, int rows, double[] features, double[] targets) implements Serializable {
}
