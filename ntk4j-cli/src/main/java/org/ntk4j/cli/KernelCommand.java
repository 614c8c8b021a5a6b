package org.ntk4j.cli;

import org.ntk4j.data.Dataset;
import org.ntk4j.data.Npy;
import org.ntk4j.kernel.Kernel;
import org.ntk4j.kernel.Kernels;
import org.ntk4j.linalg.DoubleMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "kernel", sortOptions = false,
        description = {"Computes an exact kernel matrix between the rows of --input (and of --against) and writes it as .npy (float64).",
                "Inputs are used as given (no standardisation): CSV (every column), LIBSVM (labels dropped) or .npy."})
final class KernelCommand implements Callable<Integer> {
    @Mixin
    KernelOptions kernel;
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X",
            description = "Rows of the first argument: a file, or a named set (its training rows; see --train-size).")
    String input;
    @Option(names = "--train-size", defaultValue = "0", paramLabel = "N", description = "With a named set: a seeded subset of N training rows.")
    int trainSize;
    @Option(names = "--against", paramLabel = "Y", description = "Rows of the second argument (default: --input itself).")
    Path against;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "K.npy", description = "Where to write the kernel matrix.")
    Path output;
    @Mixin
    OutputFile outputFile;
    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        if (kernel.kernel == null && !kernel.nngp) {
            throw new UsageError("--kernel is required (ntk or nngp)");
        }
        outputFile.check(output);
        Dataset x = InputFiles.readInputsOrNamed(input, trainSize, common.seed);
        Dataset y = against == null ? x : InputFiles.readInputs(against, x.inputDim());
        if (y.inputDim() != x.inputDim()) {
            throw new IllegalArgumentException(against + " has " + y.inputDim() + " columns but " + input + " has " + x.inputDim());
        }
        org.ntk4j.kernel.KernelSpec ks = kernel.spec();
        if (ks.kind().equals("cntk")) {
            ks = org.ntk4j.kernel.ConvolutionalNtk.withShape(ks, x.sampleShape());
        }
        Kernel k = Kernels.build(ks);
        long t0 = System.nanoTime();
        if (k instanceof org.ntk4j.kernel.ConvolutionalNtk c) {
            spec.commandLine().getErr().printf(java.util.Locale.ROOT, "cntk: %,d image pairs, about %.2g flops each%n",
                    (long) x.size() * y.size() / (against == null ? 2 : 1), c.costPerPair());
        }
        org.ntk4j.Progress progress = common.progress();
        DoubleMatrix km = k instanceof org.ntk4j.kernel.ConvolutionalNtk c
                ? c.gram(x.inputs(), against == null ? x.inputs() : y.inputs(), progress)
                : against == null ? k.gram(x.inputs()) : k.gram(x.inputs(), y.inputs());
        double secs = (System.nanoTime() - t0) / 1e9;
        Npy.write(output, km, Npy.DType.FLOAT64);
        spec.commandLine().getOut().println("wrote " + km.rows() + "x" + km.cols() + " " + k.spec() + " to " + output
                + " in " + Format.seconds(secs));
        return Main.OK;
    }
}
