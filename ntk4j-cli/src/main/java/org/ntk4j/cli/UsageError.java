package org.ntk4j.cli;

/** A wrong combination of options found while running a command: exit code 2, like a parse error. */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message);
    }
}
