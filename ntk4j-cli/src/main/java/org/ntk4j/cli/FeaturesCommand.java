package org.ntk4j.cli;

import org.ntk4j.data.Dataset;
import org.ntk4j.data.Npy;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMaps;
import org.ntk4j.linalg.FloatMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "features", sortOptions = false,
        description = {"Maps the rows of --input to random features and writes them as float32 .npy.",
                "Inputs are used as given (no standardisation); the same --seed gives bit-identical features.",
                "--map nystrom takes its landmarks from the input rows themselves."})
final class FeaturesCommand implements Callable<Integer> {
    @Mixin
    MapOptions map;
    @Mixin
    KernelOptions kernel;
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X",
            description = "Rows to map: CSV, LIBSVM or .npy (n x C x H x W for images), or a named set (its training rows).")
    String input;
    @Option(names = "--train-size", defaultValue = "0", paramLabel = "N", description = "With a named set: a seeded subset of N training rows.")
    int trainSize;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "F.npy", description = "Where to write the features.")
    Path output;
    @Option(names = "--block-rows", defaultValue = "1024", paramLabel = "N", description = "Rows per block (default: ${DEFAULT-VALUE}).")
    int blockRows;
    @Mixin
    OutputFile outputFile;
    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        if (!map.given()) {
            throw new UsageError("--map is required (ntk-sketch, ntk-rf, nystrom, rff, arccos-rf, grad-rf or linear)");
        }
        if (kernel.kernel != null && !map.takesKernel()) {
            throw new UsageError("--kernel names an exact kernel; 'features' takes --map (--kernel only with --map nystrom)");
        }
        if (blockRows < 1) {
            throw new UsageError("--block-rows must be positive");
        }
        outputFile.check(output);
        Dataset x = InputFiles.readInputsOrNamed(input, trainSize, common.seed);
        // Nyström draws its landmarks from these same rows; the other maps ignore them here
        FeatureMap fm = FeatureMaps.fit(map.spec(common.seed, kernel), x.sampleShape(), x.inputs());
        int n = x.size();
        int m = fm.outputDim();
        FloatMatrix out = new FloatMatrix(n, m);
        org.ntk4j.Progress progress = common.progress();
        long t0 = System.nanoTime();
        progress.start("features", n);
        for (int from = 0; from < n; from += blockRows) {
            int to = Math.min(n, from + blockRows);
            FloatMatrix block = fm.transform(x.inputs().rowRange(from, to));
            System.arraycopy(block.data(), 0, out.data(), from * m, block.data().length);
            progress.advance(to - from);
        }
        progress.finish();
        double secs = (System.nanoTime() - t0) / 1e9;
        Npy.write(output, out);
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "wrote %dx%d features of %s to %s in %s (%.0f rows/s)",
                n, m, fm.spec(), output, Format.seconds(secs), n / secs));
        return Main.OK;
    }
}
