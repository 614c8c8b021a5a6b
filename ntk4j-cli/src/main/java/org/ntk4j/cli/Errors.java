package org.ntk4j.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the one-line messages users see. */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable t) {
        if (t instanceof NoSuchFileException e) {
            return "file not found: " + e.getFile();
        }
        if (t instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (t instanceof FileAlreadyExistsException e) {
            return "file exists: " + e.getFile();
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory: use smaller --train-size, a smaller feature dimension, or raise NTK4J_HEAP (now "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB)";
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank() || isBug(t)) {
            return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        }
        return msg;
    }

    /** Exceptions that signal a defect rather than bad input. */
    static boolean isBug(Throwable t) {
        return t instanceof NullPointerException || t instanceof ArrayIndexOutOfBoundsException
                || t instanceof ClassCastException || t instanceof IllegalStateException && !(t.getMessage() != null
                && t.getMessage().startsWith("native"));
    }

    static boolean isUserError(Throwable t) {
        return t instanceof IOException || t instanceof FileNotFoundException || t instanceof IllegalArgumentException;
    }
}
