package org.ntk4j.data;

import java.util.Objects;

/**
 * A training set and the set it is evaluated on (a test or validation split), with a one-line
 * description of where they came from (name, split, sizes) for logs and model files.
 */
public record TrainTest(Dataset train, Dataset test, String description) {
    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(description, "description");
        if (train.inputDim() != test.inputDim()) {
            throw new IllegalArgumentException("train has " + train.inputDim() + " input columns but test has "
                    + test.inputDim());
        }
    }
}
