package org.ntk4j.spark;

import org.apache.spark.ml.linalg.Vector;

import java.io.Serializable;

/** One training row as the ridge estimator sees it: features, label and λ-selection group. */
record Instance(Vector features, double label, int group) implements Serializable {
}
