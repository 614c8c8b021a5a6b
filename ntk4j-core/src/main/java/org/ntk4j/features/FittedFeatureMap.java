package org.ntk4j.features;

import org.ntk4j.linalg.DoubleMatrix;

import java.util.Map;

/**
 * A feature map whose parameters were learned from training inputs (e.g. Nyström landmarks), so
 * its spec alone cannot rebuild it. {@link #state()} is what a model file stores beside the spec;
 * {@link FeatureMaps#restore} turns spec and state back into an identical map.
 */
public interface FittedFeatureMap extends FeatureMap {

    /** The fitted arrays by name (not copied: callers must not modify them). */
    Map<String, DoubleMatrix> state();
}
