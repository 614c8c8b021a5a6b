package org.ntk4j.model;

/** A model file that is corrupt, foreign, of an unknown version, or incomplete. */
public final class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }
}
