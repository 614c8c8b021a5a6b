package org.ntk4j.bench.experiments;

import java.util.List;

/**
 * What to run. Null fields take each experiment's defaults (see {@link Experiments}).
 *
 * @param experiments experiment names, in order ("all" already expanded)
 * @param dims        feature dimensions m, or null
 * @param splits      splits (UCI) or repetitions (other sets) per data set, or null
 * @param methods     methods to keep, or null for each experiment's own list
 * @param data        data sets to keep (e.g. uci/yacht), or null for all of the experiment's
 * @param trainSize   training subset size for the image and sparse sets (0 = the experiment's default)
 * @param testSize    test subset size for the image and sparse sets (0 = the experiment's default)
 * @param exactCntkTrain training images for the exact CNTK of cifar-subset (0 = time a few pairs only)
 * @param quick       tiny sizes for CI
 */
public record RunnerConfig(List<String> experiments, int[] dims, Integer splits, List<String> methods,
                           List<String> data, int trainSize, int testSize, int exactCntkTrain, boolean quick,
                           Methods.Settings settings) {
}
