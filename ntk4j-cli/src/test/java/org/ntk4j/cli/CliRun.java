package org.ntk4j.cli;

import org.ntk4j.random.RandomStream;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Runs the ntk4j command in-process and writes small test inputs: shared by the CLI tests. */
record CliRun(int code, String out, String err) {

    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * A CSV regression file: header a,b,c,d,y; 4 Gaussian inputs and the nonlinear target
     * y = 5 + s·x0·x1 + s·|x2| − x3 (interaction and kink of strength s).
     */
    static Path regressionCsv(Path file, int rows, long seed, double s) throws IOException {
        RandomStream rng = RandomStream.of(seed);
        StringBuilder sb = new StringBuilder("a,b,c,d,y\n");
        for (int i = 0; i < rows; i++) {
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = rng.nextGaussian();
            }
            double y = 5 + s * x[0] * x[1] + s * Math.abs(x[2]) - x[3];
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%.6f%n", x[0], x[1], x[2], x[3], y));
        }
        Files.writeString(file, sb.toString());
        return file;
    }
}
