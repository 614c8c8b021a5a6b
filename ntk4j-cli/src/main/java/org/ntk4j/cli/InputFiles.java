package org.ntk4j.cli;

import org.ntk4j.data.CsvReader;
import org.ntk4j.data.Dataset;
import org.ntk4j.data.LibsvmReader;
import org.ntk4j.data.Npy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads the data files users pass, choosing the reader by extension or, failing that, by content. */
final class InputFiles {
    private InputFiles() {
    }

    enum Format { CSV, LIBSVM, NPY }

    /** A name with a file extension or a slash at the start is meant as a path even if it does not exist. */
    static boolean looksLikePath(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.startsWith("/") || lower.startsWith("./") || lower.startsWith("../") || lower.endsWith(".csv")
                || lower.endsWith(".npy") || lower.endsWith(".txt") || lower.endsWith(".tsv") || lower.endsWith(".svm")
                || lower.endsWith(".libsvm");
    }

    static Format formatOf(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return Format.NPY;
        }
        if (name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".svmlight")) {
            return Format.LIBSVM;
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return Format.CSV;
        }
        // sniff: LIBSVM rows look like "label index:value ..."
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    String[] tokens = t.split("\\s+");
                    return tokens.length > 1 && tokens[1].matches("\\d+:.*") ? Format.LIBSVM : Format.CSV;
                }
            }
        }
        return Format.CSV;
    }

    /** A file with targets: CSV (target column as given, else the last), LIBSVM (labels as classes) or .npy (no targets). */
    static Dataset readLabeled(Path file, String targetColumn) throws IOException {
        return switch (formatOf(file)) {
            case CSV -> CsvReader.read(file, targetColumn == null ? CsvReader.Options.defaults()
                    : CsvReader.Options.defaults().withTargets(targetColumn));
            case LIBSVM -> LibsvmReader.read(file).asClassification();
            case NPY -> throw new IllegalArgumentException(file + ": a .npy file holds inputs only; training and "
                    + "evaluation need targets (use CSV or LIBSVM)");
        };
    }

    /** A file's input rows, or the (subset of the) training rows of a named set when no such file exists. */
    static Dataset readInputsOrNamed(String input, int trainSize, long seed) throws IOException {
        Path p = Path.of(input);
        if (Files.exists(p) || looksLikePath(input)) {
            if (trainSize > 0) {
                throw new UsageError("--train-size applies to named sets; " + input + " is a file");
            }
            return readInputs(p, 0);
        }
        return new org.ntk4j.data.DataCatalog().load(input, 0, trainSize, 0, seed).train();
    }

    /**
     * Input rows only. CSV: every column, unless {@code expectedDim} is one less than the column count,
     * in which case the last column is taken as a target and dropped. LIBSVM: labels dropped, width
     * {@code expectedDim} when given (a model's input width). 0 = no expectation.
     */
    static Dataset readInputs(Path file, int expectedDim) throws IOException {
        return switch (formatOf(file)) {
            case NPY -> Npy.readDataset(file);
            case LIBSVM -> {
                Dataset d = expectedDim > 0 ? LibsvmReader.read(file, expectedDim) : LibsvmReader.read(file);
                yield Dataset.unlabeled(d.source(), d.inputs(), new int[]{d.inputDim()});
            }
            case CSV -> {
                Dataset all = CsvReader.read(file, CsvReader.Options.defaults().withoutTarget());
                if (expectedDim > 0 && all.inputDim() == expectedDim + 1) {
                    Dataset labeled = CsvReader.read(file, CsvReader.Options.defaults());
                    yield Dataset.unlabeled(labeled.source(), labeled.inputs(), new int[]{labeled.inputDim()});
                }
                yield all;
            }
        };
    }
}
