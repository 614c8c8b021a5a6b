package org.ntk4j.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Output paths: checked before any work (never clobber without --overwrite), written atomically. */
final class OutputFile {
    @Option(names = "--overwrite", description = "Replace an existing output file.")
    boolean overwrite;

    /** Fails early, before hours of work, when the output exists or its folder cannot be written. */
    void check(Path target) throws IOException {
        if (Files.exists(target) && !overwrite) {
            throw new FileAlreadyExistsException(target + " (add --overwrite to replace it)");
        }
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a directory");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir); // now, so a long computation never ends on a missing folder
            if (!Files.isWritable(dir)) {
                throw new java.nio.file.AccessDeniedException(dir.toString());
            }
        }
    }

    @FunctionalInterface
    interface TextBody {
        void write(Writer w) throws IOException;
    }

    /** Writes text to a temporary file beside the target and moves it into place. */
    static void writeText(Path target, TextBody body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
