package org.ntk4j.data;

import org.ntk4j.linalg.DoubleMatrix;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a UCI regression folder in the layout of Gal &amp; Ghahramani's published splits:
 * {@code data.txt} (whitespace-separated numbers, blank lines skipped), {@code index_features.txt}
 * and {@code index_target.txt} (0-based column indices), {@code n_splits.txt}, and
 * {@code index_train_K.txt} / {@code index_test_K.txt} (0-based row indices of split K).
 *
 * <p>Everything is validated: indices in range, no column both feature and target, no row twice
 * in a part or in both parts, split K within {@code 0 .. n_splits-1} with its files present.
 */
public final class UciSplits {

    /** Opens the files of one folder (on disk or on the classpath). */
    private interface Folder {
        InputStream open(String file) throws IOException;

        String path(String file);

        String name();
    }

    private UciSplits() {
    }

    /** The number of splits the folder declares in {@code n_splits.txt}. */
    public static int splitCount(Path folder) throws IOException {
        return splitCount(disk(folder));
    }

    /** Train and test data sets of split {@code split} (0-based) of a folder on disk. */
    public static TrainTest read(Path folder, int split) throws IOException {
        return read(disk(folder), split);
    }

    private static Folder disk(Path folder) {
        return new Folder() {
            @Override
            public InputStream open(String file) throws IOException {
                return Files.newInputStream(folder.resolve(file));
            }

            @Override
            public String path(String file) {
                return folder.resolve(file).toString();
            }

            @Override
            public String name() {
                Path f = folder.toAbsolutePath().normalize().getFileName();
                return f == null ? folder.toString() : f.toString();
            }
        };
    }

    private static int splitCount(Folder f) throws IOException {
        int[] v = readInts(f, "n_splits.txt");
        if (v.length != 1 || v[0] < 1) {
            throw DataFormatException.inFile(f.path("n_splits.txt"), "expected one positive number of splits, found "
                    + v.length + " value(s)" + (v.length == 1 ? " (" + v[0] + ")" : ""));
        }
        return v[0];
    }

    private static TrainTest read(Folder f, int split) throws IOException {
        int splits = splitCount(f);
        if (split < 0 || split >= splits) {
            throw DataFormatException.inFile(f.path("n_splits.txt"), "split " + split + " does not exist; valid"
                    + " splits are 0.." + (splits - 1));
        }
        Dataset all;
        try (InputStream in = f.open("data.txt")) {
            all = CsvReader.read(in, f.path("data.txt"), CsvReader.Options.defaults()
                    .withDelimiter(CsvReader.Delimiter.WHITESPACE).withHeader(CsvReader.Header.ABSENT).withoutTarget());
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw DataFormatException.inFile(f.path("data.txt"), "file is missing");
        }
        DoubleMatrix table = all.inputs().dense();
        int columns = table.cols();
        int rows = table.rows();
        int[] features = readIndices(f, "index_features.txt", columns, "column");
        int[] target = readIndices(f, "index_target.txt", columns, "column");
        if (features.length == 0 || target.length == 0) {
            throw DataFormatException.inFile(f.path(features.length == 0 ? "index_features.txt" : "index_target.txt"),
                    "lists no columns");
        }
        checkDisjoint(f, "index_features.txt", features, "index_target.txt", target, columns, "column");
        int[] train = readIndices(f, "index_train_" + split + ".txt", rows, "row");
        int[] test = readIndices(f, "index_test_" + split + ".txt", rows, "row");
        if (train.length == 0 || test.length == 0) {
            throw DataFormatException.inFile(f.path("index_" + (train.length == 0 ? "train" : "test") + "_" + split
                    + ".txt"), "lists no rows");
        }
        checkDisjoint(f, "index_train_" + split + ".txt", train, "index_test_" + split + ".txt", test, rows, "row");
        List<String> targetNames = new ArrayList<>();
        for (int t : target) {
            targetNames.add("column " + (t + 1));
        }
        String source = "uci/" + f.name();
        Dataset data = Dataset.regression(source, table.selectColumns(features), table.selectColumns(target), targetNames);
        String tag = "split " + split;
        return new TrainTest(data.subset(train, tag + " train"), data.subset(test, tag + " test"),
                source + " " + tag + " of " + splits + " (Gal & Ghahramani): " + train.length + " train / "
                        + test.length + " test rows, " + features.length + " features");
    }

    /** Indices in [0, bound), each at most once in the file. */
    private static int[] readIndices(Folder f, String file, int bound, String what) throws IOException {
        int[] v = readInts(f, file);
        boolean[] seen = new boolean[bound];
        for (int i = 0; i < v.length; i++) {
            if (v[i] >= bound) {
                throw DataFormatException.inFile(f.path(file), what + " index " + v[i] + " (entry " + (i + 1)
                        + ") is out of range; data.txt has " + bound + " " + what + "s (valid 0.." + (bound - 1) + ")");
            }
            if (seen[v[i]]) {
                throw DataFormatException.inFile(f.path(file), what + " index " + v[i] + " is listed twice");
            }
            seen[v[i]] = true;
        }
        return v;
    }

    private static void checkDisjoint(Folder f, String fileA, int[] a, String fileB, int[] b, int bound, String what) {
        boolean[] inA = new boolean[bound];
        for (int i : a) {
            inA[i] = true;
        }
        for (int i : b) {
            if (inA[i]) {
                throw DataFormatException.inFile(f.path(fileB), what + " " + i + " is also listed in " + fileA);
            }
        }
    }

    /** Non-negative integers separated by whitespace, with line numbers in errors. */
    private static int[] readInts(Folder f, String file) throws IOException {
        String path = f.path(file);
        GrowableInts out = new GrowableInts(256);
        try (InputStream in = f.open(file); LineReader lines = new LineReader(in, path)) {
            while (lines.next()) {
                byte[] buf = lines.buf;
                int i = lines.start;
                int field = 0;
                while (true) {
                    while (i < lines.end && (buf[i] == ' ' || buf[i] == '\t')) {
                        i++;
                    }
                    if (i >= lines.end) {
                        break;
                    }
                    int s = i;
                    while (i < lines.end && buf[i] != ' ' && buf[i] != '\t') {
                        i++;
                    }
                    field++;
                    long v = Numbers.parseIndex(buf, s, i);
                    if (v < 0 || v > Integer.MAX_VALUE - 8) {
                        throw DataFormatException.atLine(path, lines.lineNumber, field,
                                "expected a non-negative integer index, found " + DataFormatException.quote(buf, s, i));
                    }
                    if (!out.add((int) v)) {
                        throw DataFormatException.atLine(path, lines.lineNumber, field, "too many indices");
                    }
                }
            }
            if (lines.lineNumber == 0) {
                throw DataFormatException.inFile(path, "file is empty");
            }
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw DataFormatException.inFile(path, "file is missing");
        }
        return out.toArray();
    }
}
