package org.ntk4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.data.Npy;
import org.ntk4j.random.RandomStream;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.ntk4j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baselines from the command line: fit --map nystrom|rff|arccos-rf|grad-rf, fit --model mlp, features. */
class BaselinesCliTest {
    @TempDir
    Path dir;

    Path csv(String name, int rows, long seed) throws IOException {
        return CliRun.regressionCsv(dir.resolve(name), rows, seed, 2);
    }

    static double testRmse(String out) {
        Matcher m = Pattern.compile("test RMSE\\s+([0-9.eE+-]+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void nystromFitSavesAModelThatPredictsTheSame() throws IOException {
        Path train = csv("train.csv", 300, 1);
        Path test = csv("test.csv", 60, 2);
        Path model = dir.resolve("nystrom.ntk4j");
        CliRun fit = run("fit", "--data", train.toString(), "--map", "nystrom", "--kernel", "ntk", "--depth", "3",
                "--dim", "80", "--sampling", "uniform", "-o", model.toString(), "-q");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("nystrom(kernel=ntk(depth=3,convention=paper),dim=80,sampling=uniform,seed=1)"), fit.out());

        CliRun linear = run("evaluate", "--model", fitLinear(train).toString(), "--data", test.toString(), "-q");
        CliRun e = run("evaluate", "--model", model.toString(), "--data", test.toString(), "-q");
        assertEquals(0, e.code(), e.err());
        assertTrue(testRmse(e.out()) < 0.6 * testRmse(linear.out()), e.out() + linear.out());

        Path p1 = dir.resolve("p1.csv");
        Path p2 = dir.resolve("p2.csv");
        assertEquals(0, run("predict", "--model", model.toString(), "--input", test.toString(), "--output", p1.toString(),
                "-q", "--threads", "1").code());
        assertEquals(0, run("predict", "--model", model.toString(), "--input", test.toString(), "--output", p2.toString(),
                "-q", "--threads", "2").code());
        assertEquals(Files.readAllLines(p1), Files.readAllLines(p2));
        assertEquals(61, Files.readAllLines(p1).size());
    }

    private Path fitLinear(Path train) {
        Path model = dir.resolve("linear.ntk4j");
        CliRun r = run("fit", "--data", train.toString(), "--map", "linear", "-o", model.toString(), "-q", "--overwrite");
        assertEquals(0, r.code(), r.err());
        return model;
    }

    @Test
    void nystromTakesTheNeuralTangentsKernelOptions() throws IOException {
        Path train = csv("train.csv", 120, 3);
        CliRun fit = run("fit", "--data", train.toString(), "--map", "nystrom", "--nngp", "--depth", "1", "--w-std", "1.5",
                "--b-std", "0.2", "--dim", "30", "-q");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("nystrom(kernel=nngp(depth=1,convention=nt,w-std=1.5,b-std=0.2),dim=30,sampling=rls"),
                fit.out());
    }

    @Test
    void mlpFitEvaluatesAndRoundTrips() throws IOException {
        Path train = csv("train.csv", 400, 4);
        Path test = csv("test.csv", 80, 5);
        Path model = dir.resolve("mlp.ntk4j");
        CliRun fit = run("fit", "--data", train.toString(), "--model", "mlp", "--dim", "600", "--depth", "2",
                "--epochs", "120", "--learning-rate", "0.003", "-o", model.toString(), "-q");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("mlp(depth=2,width="), fit.out());
        assertTrue(fit.out().contains("training    adam, learning rate 0.003"), fit.out());
        assertTrue(!fit.out().contains("lambda"), fit.out());

        CliRun linear = run("evaluate", "--model", fitLinear(train).toString(), "--data", test.toString(), "-q");
        CliRun e = run("evaluate", "--model", model.toString(), "--data", test.toString(), "-q");
        assertEquals(0, e.code(), e.err());
        assertTrue(testRmse(e.out()) < 0.6 * testRmse(linear.out()), e.out() + linear.out());

        Path pred = dir.resolve("pred.csv");
        CliRun p = run("predict", "--model", model.toString(), "--input", test.toString(), "--output", pred.toString(), "-q");
        assertEquals(0, p.code(), p.err());
        assertEquals(81, Files.readAllLines(pred).size());
    }

    @Test
    void mlpOnANamedSetReportsItsTestSplit() {
        CliRun fit = run("fit", "--data", "concrete", "--model", "mlp", "--dim", "500", "--epochs", "5", "-q");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("test RMSE"), fit.out());
    }

    @Test
    void randomFeatureBaselinesFitFromTheCommandLine() throws IOException {
        Path train = csv("train.csv", 200, 6);
        for (List<String> map : List.of(List.of("--map", "rff", "--gamma", "0.2"), List.of("--map", "arccos-rf"),
                List.of("--map", "grad-rf", "--depth", "1"))) {
            String[] args = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("fit", "--data", train.toString(), "--dim", "256", "-q"), map.stream())
                    .toArray(String[]::new);
            CliRun r = run(args);
            assertEquals(0, r.code(), map + ": " + r.err());
            assertTrue(r.out().contains("model       " + map.get(1) + "("), r.out());
        }
    }

    @Test
    void featuresCommandWritesBaselineFeatures() throws IOException {
        Path input = csv("x.csv", 50, 7);
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        CliRun r = run("features", "--map", "nystrom", "--kernel", "ntk", "--dim", "20", "--input", input.toString(),
                "--output", a.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote 50x"), r.out());
        CliRun rff1 = run("features", "--map", "rff", "--dim", "64", "--input", input.toString(), "--output", a.toString(),
                "--overwrite", "--block-rows", "7", "-q");
        CliRun rff2 = run("features", "--map", "rff", "--dim", "64", "--input", input.toString(), "--output", b.toString(),
                "--threads", "1", "-q");
        assertEquals(0, rff1.code(), rff1.err());
        assertEquals(0, rff2.code(), rff2.err());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(64, Npy.readMatrix(a).cols());
    }

    @Test
    void misusedOptionsAreUsageErrors() throws IOException {
        Path train = csv("train.csv", 30, 8);
        String t = train.toString();
        CliRun both = run("fit", "--data", t, "--kernel", "ntk", "--model", "mlp");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("not several"), both.err());
        assertEquals(2, run("fit", "--data", t).code());
        assertEquals(2, run("fit", "--data", t, "--model", "cnn").code());
        assertEquals(2, run("fit", "--data", t, "--map", "rff", "--sampling", "rls").code());
        assertEquals(2, run("fit", "--data", t, "--map", "nystrom", "--gamma", "1").code());
        assertEquals(2, run("fit", "--data", t, "--map", "grad-rf", "--nngp").code());
        assertEquals(2, run("fit", "--data", t, "--map", "rff", "--epochs", "3").code());
        assertEquals(2, run("fit", "--data", t, "--model", "mlp", "--learning-rate", "-1").code());
        CliRun sampling = run("fit", "--data", t, "--map", "nystrom", "--sampling", "often", "-q");
        assertTrue(sampling.code() != 0 && sampling.err().contains("rls or uniform"), sampling.err());
    }
}
