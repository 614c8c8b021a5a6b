package org.ntk4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.data.Npy;
import org.ntk4j.kernel.ConvolutionalNtk;
import org.ntk4j.kernel.FullyConnectedNtk;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.ntk4j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;

    Path csv(String name, int rows, long seed) throws IOException {
        return CliRun.regressionCsv(dir.resolve(name), rows, seed, 1);
    }

    @Test
    void versionAndHelp() {
        CliRun v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("ntk4j "), v.out());
        CliRun h = run("--help");
        assertEquals(0, h.code());
        for (String cmd : List.of("fit", "predict", "evaluate", "kernel", "datasets", "demo")) {
            assertTrue(h.out().contains(cmd), "help lists " + cmd);
        }
        // every subcommand takes --help too, without tripping over its required options or
        // over a '%' in an option's description
        for (String cmd : List.of("fit", "predict", "evaluate", "kernel", "features", "datasets", "demo", "bench")) {
            CliRun sub = run(cmd, "--help");
            assertEquals(0, sub.code(), cmd + " --help: " + sub.err());
            assertTrue(sub.out().startsWith("Usage: ntk4j " + cmd), sub.out());
            assertFalse(sub.err().contains("WARN"), sub.err());
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run("--no-such-option").code());
        assertEquals(2, run("frobnicate").code());
        CliRun both = run("fit", "--data", "concrete", "--kernel", "ntk", "--map", "linear");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("either --kernel"), both.err());
        CliRun lambda = run("fit", "--data", "concrete", "--kernel", "ntk", "--lambda", "often");
        assertEquals(2, lambda.code());
        assertTrue(lambda.err().contains("--lambda"), lambda.err());
        CliRun missing = run("predict", "--input", "x.csv", "--output", "y.csv");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--model"), missing.err());
    }

    @Test
    void fitPredictEvaluateEndToEnd() throws IOException {
        Path train = csv("train.csv", 150, 1);
        Path test = csv("test.csv", 40, 2);
        Path model = dir.resolve("m.ntk4j");
        CliRun fit = run("fit", "--data", train.toString(), "--kernel", "ntk", "--depth", "2", "-o", model.toString(), "-q");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("ntk(depth=2,convention=paper)"), fit.out());
        assertTrue(Files.exists(model));

        Path pred = dir.resolve("pred.csv");
        CliRun p = run("predict", "--model", model.toString(), "--input", test.toString(), "--output", pred.toString(), "-q");
        assertEquals(0, p.code(), p.err());
        List<String> lines = Files.readAllLines(pred);
        assertEquals(41, lines.size());
        assertEquals("y", lines.get(0));
        // the mean of a model with itself and a linear model, row by row
        Path lin = dir.resolve("lin.ntk4j");
        assertEquals(0, run("fit", "--data", train.toString(), "--map", "linear", "-o", lin.toString(), "-q").code());
        Path linPred = dir.resolve("lin.csv");
        assertEquals(0, run("predict", "-m", lin.toString(), "-i", test.toString(), "-o", linPred.toString(), "-q").code());
        Path meanPred = dir.resolve("mean.csv");
        CliRun mean = run("predict", "-m", model.toString(), "-m", lin.toString(), "-i", test.toString(), "-o",
                meanPred.toString(), "-q");
        assertEquals(0, mean.code(), mean.err());
        List<String> linLines = Files.readAllLines(linPred);
        List<String> meanLines = Files.readAllLines(meanPred);
        for (int i = 1; i < 41; i++) {
            double expected = (Double.parseDouble(lines.get(i)) + Double.parseDouble(linLines.get(i))) / 2;
            assertEquals(expected, Double.parseDouble(meanLines.get(i)), 1e-8 * Math.max(1, Math.abs(expected)), "row " + i);
        }

        CliRun e = run("evaluate", "--model", model.toString(), "--data", test.toString(), "-q");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("test RMSE"), e.out());
    }

    @Test
    void namedSetFitReportsTheTestSplit() {
        CliRun fit = run("fit", "--data", "concrete", "--map", "linear", "-q");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("test RMSE"), fit.out());
        assertTrue(fit.out().contains("103 rows"), fit.out());
    }

    @Test
    void drawsFitAnEnsembleThatReportsEachDrawAndRoundTrips() {
        Path model = dir.resolve("ens.ntk4j");
        CliRun fit = run("fit", "--data", "concrete", "--map", "ntk-sketch", "--depth", "2", "--dim", "128", "--draws", "3",
                "-o", model.toString(), "-q");
        assertEquals(0, fit.code(), fit.err());
        for (int k = 1; k <= 3; k++) {
            assertTrue(fit.out().contains("draw " + k + "/3") && fit.out().contains("test RMSE of the mean of " + k), fit.out());
        }
        assertTrue(fit.out().contains("mean of 3 draws of ntk-sketch"), fit.out());
        assertTrue(fit.out().contains("lambda      per draw"), fit.out());
        String finalRmse = line(fit.out(), "test RMSE").split("\\s+")[2];
        CliRun e = run("evaluate", "--model", model.toString(), "--data", "concrete", "-q");
        assertEquals(0, e.code(), e.err());
        assertEquals(finalRmse, line(e.out(), "test RMSE").split("\\s+")[2], e.out());

        CliRun zero = run("fit", "--data", "concrete", "--map", "linear", "--draws", "0", "-q");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--draws must be between 1 and 1000"), zero.err());
        CliRun exact = run("fit", "--data", "concrete", "--kernel", "ntk", "--draws", "2", "-o",
                dir.resolve("x.ntk4j").toString(), "-q");
        assertEquals(2, exact.code());
        assertTrue(exact.err().contains("--draws applies to random feature maps"), exact.err());
        assertFalse(Files.exists(dir.resolve("x.ntk4j")));
    }

    @Test
    void conjugateGradientSolverFromTheCommandLine() {
        CliRun cg = run("fit", "--data", "concrete", "--map", "ntk-sketch", "--depth", "2", "--dim", "64", "--solver", "cg", "-q");
        assertEquals(0, cg.code(), cg.err());
        assertTrue(line(cg.out(), "lambda").contains("conjugate gradients"), cg.out());
        CliRun bad = run("fit", "--data", "concrete", "--map", "linear", "--solver", "fast", "-q");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--solver must be auto, direct or cg"), bad.err());
        CliRun half = run("fit", "--data", "concrete", "--map", "ntk-sketch", "--depth", "2", "--dim", "64", "--solver", "cg",
                "--feature-store", "float16", "-q");
        assertEquals(0, half.code(), half.err());
        assertTrue(line(half.out(), "lambda").contains("on float16 features"), half.out());
        CliRun store = run("fit", "--data", "concrete", "--map", "linear", "--feature-store", "half", "-q");
        assertEquals(2, store.code());
        assertTrue(store.err().contains("--feature-store must be auto, float32 or float16"), store.err());
        CliRun gcv = run("fit", "--data", "concrete", "--map", "ntk-sketch", "--dim", "64", "--solver", "cg", "--lambda", "gcv", "-q");
        assertEquals(1, gcv.code());
        assertTrue(gcv.err().contains("hold-out or takes a fixed λ"), gcv.err());
        CliRun exact = run("fit", "--data", "concrete", "--kernel", "ntk", "--solver", "cg", "-q");
        assertEquals(2, exact.code());
        assertTrue(exact.err().contains("--solver applies to ridge on a feature map"), exact.err());
    }

    @Test
    void augmentationIsCheckedBeforeAnyWork() {
        CliRun unknown = run("fit", "--data", "concrete", "--map", "linear", "--augment", "rotate", "-q");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--augment: 'rotate'"), unknown.err());
        CliRun exact = run("fit", "--data", "concrete", "--kernel", "ntk", "--augment", "flip", "-q");
        assertEquals(2, exact.code());
        assertTrue(exact.err().contains("--augment applies to ridge on a feature map"), exact.err());
        CliRun table = run("fit", "--data", "concrete", "--map", "linear", "--augment", "flip", "-o",
                dir.resolve("a.ntk4j").toString(), "-q");
        assertEquals(1, table.code());
        assertTrue(table.err().contains("needs images") && table.err().contains("concrete"), table.err());
        assertFalse(Files.exists(dir.resolve("a.ntk4j")));
    }

    @Test
    void augmentedImagesAreFittedAndNamedInTheReportAndTheModel() throws IOException {
        Path cifar = Path.of(System.getProperty("ntk4j.shared.data", "../shared/data"), "cifar10-jpg", "train.zip");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(cifar), "shared CIFAR-10 not at " + cifar);
        Path model = dir.resolve("aug.ntk4j");
        CliRun fit = run("fit", "--data", "cifar10", "--train-size", "60", "--test-size", "20", "--map", "cntk-sketch",
                "--depth", "2", "--filter", "3", "--dim", "128", "--augment", "flip,shift:1", "-o", model.toString(), "-q");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(line(fit.out(), "data").contains("training augmented flip,shift:1 (3 feature rows per image)"), fit.out());
        String saved = org.ntk4j.model.TrainedModel.load(model).summary().data();
        assertTrue(saved.contains("augmented flip,shift:1"), saved);
    }

    @Test
    void evaluateAveragesSeveralModels() throws IOException {
        Path lin = dir.resolve("lin.ntk4j");
        Path sk = dir.resolve("sketch.ntk4j");
        assertEquals(0, run("fit", "--data", "concrete", "--map", "linear", "-o", lin.toString(), "-q").code());
        assertEquals(0, run("fit", "--data", "concrete", "--map", "ntk-sketch", "--depth", "2", "--dim", "256",
                "-o", sk.toString(), "-q").code());
        double a = rmse(run("evaluate", "--model", lin.toString(), "--data", "concrete", "-q"), "test RMSE");
        double b = rmse(run("evaluate", "--model", sk.toString(), "--data", "concrete", "-q"), "test RMSE");
        CliRun both = run("evaluate", "--model", lin.toString(), "--model", sk.toString(), "--data", "concrete", "-q");
        assertEquals(0, both.code(), both.err());
        assertEquals(a, rmse(both, "  alone RMSE"), 1e-9, both.out());
        assertTrue(both.out().contains("model 2     " + sk), both.out());
        double mean = rmse(both, "test mean RMSE");
        // ‖(p + q)/2 − y‖ ≤ (‖p − y‖ + ‖q − y‖)/2, and the mean is neither model
        assertTrue(mean <= (a + b) / 2 + 1e-9 && Math.abs(mean - a) > 1e-6 && Math.abs(mean - b) > 1e-6,
                a + ", " + b + " -> " + mean);

        Path other = dir.resolve("other.ntk4j");
        assertEquals(0, run("fit", "--data", csv("other.csv", 40, 1).toString(), "--map", "linear", "-o", other.toString(),
                "-q").code());
        CliRun mixed = run("evaluate", "--model", lin.toString(), "--model", other.toString(), "--data", "concrete", "-q");
        assertEquals(1, mixed.code());
        assertTrue(mixed.err().contains("cannot average " + other) && mixed.err().contains("[4] where"), mixed.err());
    }

    private static double rmse(CliRun r, String prefix) {
        assertEquals(0, r.code(), r.err());
        return Double.parseDouble(line(r.out(), prefix).substring(prefix.length()).trim().split("\\s+")[0]);
    }

    /** The first line of text starting with prefix. */
    static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
                "no line starting with '" + prefix + "' in:\n" + text));
    }

    @Test
    void existingOutputIsNotOverwrittenWithoutAsking() throws IOException {
        Path train = csv("train.csv", 30, 3);
        Path model = dir.resolve("m.ntk4j");
        Files.writeString(model, "precious");
        CliRun r = run("fit", "--data", train.toString(), "--kernel", "ntk", "-o", model.toString(), "-q");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--overwrite"), r.err());
        assertEquals("precious", Files.readString(model));
        CliRun again = run("fit", "--data", train.toString(), "--kernel", "ntk", "-o", model.toString(), "--overwrite", "-q");
        assertEquals(0, again.code(), again.err());
        assertFalse(Files.readString(model, java.nio.charset.StandardCharsets.ISO_8859_1).equals("precious"));
    }

    @Test
    void badDataGivesOneLineAndNoOutput() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b,y\n1,2,3\n4,oops,6\n");
        Path model = dir.resolve("m.ntk4j");
        CliRun r = run("fit", "--data", bad.toString(), "--kernel", "ntk", "-o", model.toString(), "-q");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.csv:3"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
        assertFalse(Files.exists(model));

        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, "1,2,3\n4,NaN,6\n");
        CliRun n = run("kernel", "--kernel", "ntk", "--input", nan.toString(), "-o", dir.resolve("k.npy").toString(), "-q");
        assertEquals(1, n.code());
        assertTrue(n.err().contains("nan.csv:2"), n.err());
        assertFalse(Files.exists(dir.resolve("k.npy")));

        CliRun missing = run("fit", "--data", dir.resolve("absent.csv").toString(), "--kernel", "ntk", "-q");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("absent.csv"), missing.err());

        CliRun unknown = run("fit", "--data", "no-such-set", "--kernel", "ntk", "-q");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("valid names"), unknown.err());
    }

    @Test
    void corruptModelIsRejectedClearly() throws IOException {
        Path model = dir.resolve("m.ntk4j");
        Files.writeString(model, "NTK4J-MODEL 1\nmodel-type: feature-ridge\n\n");
        Path input = csv("in.csv", 5, 4);
        CliRun r = run("predict", "--model", model.toString(), "--input", input.toString(), "-o", dir.resolve("p.csv").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("m.ntk4j"), r.err());
        assertFalse(Files.exists(dir.resolve("p.csv")));
    }

    @Test
    void tooManyRowsForTheExactKernelPointsToFeatureMaps() throws IOException {
        Path train = csv("train.csv", 60, 5);
        CliRun r = run("fit", "--data", train.toString(), "--kernel", "ntk", "--max-exact-rows", "50", "-q");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--map ntk-sketch"), r.err());
    }

    @Test
    void kernelCommandWritesTheExactMatrixInBothConventions() throws IOException {
        DoubleMatrix x = new DoubleMatrix(7, 3);
        RandomStream.of(6).fillGaussian(x.data());
        Path in = dir.resolve("x.npy");
        Npy.write(in, x, Npy.DType.FLOAT64);
        Path out = dir.resolve("k.npy");
        CliRun r = run("kernel", "--kernel", "ntk", "--depth", "3", "--input", in.toString(), "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        DoubleMatrix k = Npy.readMatrix(out);
        assertEquals(0, k.maxAbsDiff(FullyConnectedNtk.paper(3, false).gram(x)), 1e-12);

        Path nt = dir.resolve("nt.npy");
        CliRun r2 = run("kernel", "--kernel", "ntk", "--depth", "3", "--w-std", "1.5", "--b-std", "0.2", "--nngp",
                "--input", in.toString(), "-o", nt.toString(), "-q");
        assertEquals(0, r2.code(), r2.err());
        assertEquals(0, Npy.readMatrix(nt).maxAbsDiff(FullyConnectedNtk.neuralTangents(3, 1.5, 0.2, true).gram(x)), 1e-12);
    }

    @Test
    void pooledCntkFromTheCommandLine() throws IOException {
        DoubleMatrix x = new DoubleMatrix(3, 2 * 8 * 8);
        RandomStream.of(8).fillGaussian(x.data());
        Path in = dir.resolve("img.npy");
        Npy.write(in, x, Npy.DType.FLOAT64, new int[]{3, 2, 8, 8});
        Path k = dir.resolve("k.npy");
        CliRun r = run("kernel", "--kernel", "cntk", "--depth", "2", "--filter", "3", "--pool", "2",
                "--input", in.toString(), "-o", k.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        ConvolutionalNtk exact = ConvolutionalNtk.valid(2, 3, 2, 8, 8).withPool(2);
        assertEquals(0, Npy.readMatrix(k).maxAbsDiff(exact.gram(x)), 1e-12);

        Path f = dir.resolve("f.npy");
        CliRun r2 = run("features", "--map", "cntk-sketch", "--depth", "2", "--filter", "3", "--pool", "2", "--dim", "256",
                "--input", in.toString(), "-o", f.toString(), "-q");
        assertEquals(0, r2.code(), r2.err());
        assertEquals(256, Npy.readMatrix(f).cols());

        CliRun bad = run("features", "--map", "cntk-sketch", "--depth", "2", "--filter", "3", "--pool", "3", "--dim", "256",
                "--input", in.toString(), "-o", dir.resolve("g.npy").toString(), "-q");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("multiple of pool² = 9"), bad.err());
        assertFalse(Files.exists(dir.resolve("g.npy")));
        CliRun wrongMap = run("features", "--map", "rff", "--pool", "2", "--input", in.toString(),
                "-o", dir.resolve("h.npy").toString(), "-q");
        assertEquals(2, wrongMap.code());
        assertTrue(wrongMap.err().contains("--pool applies to"), wrongMap.err());
    }

    @Test
    void outputFoldersAreCreatedBeforeTheWork() throws IOException {
        Path in = csv("in.csv", 6, 8);
        Path out = dir.resolve("new").resolve("sub").resolve("f.npy");
        CliRun r = run("features", "--map", "ntk-rf", "--depth", "1", "--m1", "16", "--ms", "16", "--input", in.toString(),
                "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(6, Npy.readMatrix(out).rows());
    }

    @Test
    void classificationOnALibsvmFile() throws IOException {
        StringBuilder sb = new StringBuilder();
        RandomStream rng = RandomStream.of(7);
        for (int i = 0; i < 80; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            sb.append(a + b > 0 ? "+1" : "-1").append(String.format(Locale.ROOT, " 1:%.5f 3:%.5f%n", a, b));
        }
        Path svm = dir.resolve("toy.svm");
        Files.writeString(svm, sb.toString());
        Path model = dir.resolve("c.ntk4j");
        CliRun fit = run("fit", "--data", svm.toString(), "--kernel", "ntk", "--depth", "1", "-o", model.toString(), "-q");
        assertEquals(0, fit.code(), fit.err());
        CliRun e = run("evaluate", "--model", model.toString(), "--data", svm.toString(), "-q");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("test acc"), e.out());
        assertTrue(e.out().contains("actual \\ predicted"), e.out());
    }

    @Test
    void datasetsAndDemo() {
        CliRun d = run("datasets");
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("concrete"), d.out());
        // installed here or not, the line says where it is or how to get it
        assertTrue(d.out().contains("apt-get install -y dataset-fashion-mnist")
                || d.out().contains("/usr/share/datasets/fashion-mnist"), d.out());
        CliRun demo = run("demo", "-q");
        assertEquals(0, demo.code(), demo.err());
        assertTrue(demo.out().contains("exact NTK, depth 2"), demo.out());
        assertTrue(demo.out().contains("linear ridge"), demo.out());
    }
}
