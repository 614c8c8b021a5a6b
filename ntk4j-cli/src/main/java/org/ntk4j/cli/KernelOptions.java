package org.ntk4j.cli;

import org.ntk4j.kernel.KernelSpec;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** --kernel and its parameters: the exact kernels. */
final class KernelOptions {
    @Option(names = "--kernel", paramLabel = "KIND", description = "Exact kernel: ntk, nngp or cntk (images).")
    String kernel;

    @Option(names = "--variant", paramLabel = "V",
            description = "cntk: arora (SAME 3x3, Arora et al.) or valid (the VALID f x f kernel the CNTK Sketch targets; default). "
                    + "ntk-sketch: direct (default) or layerwise.")
    String variant;

    @Option(names = "--filter", paramLabel = "F", description = "cntk / cntk-sketch: filter size (default: 4 for valid, 3 for arora).")
    Integer filter;

    @Option(names = "--readout", paramLabel = "R", description = "cntk arora: gap (global average pooling; default) or trace.")
    String readout;

    @Option(names = "--pool", paramLabel = "G",
            description = "cntk / cntk-sketch: average over each region of a GxG grid of the last layer instead of "
                    + "over the whole image (keeps where a pattern was; cntk-sketch gives each region dim/G² features; "
                    + "default: 1, global average pooling).")
    Integer pool;

    @Option(names = "--fix", paramLabel = "BOOL", description = "cntk arora: freeze the first and last layer (default: false).")
    Boolean fix;

    @Option(names = "--depth", paramLabel = "L", description = "Hidden layers of the fully connected ReLU network (default: 2).")
    Integer depth;

    @Option(names = "--nngp", description = "The NNGP kernel instead of the NTK (same as --kernel nngp).")
    boolean nngp;

    @Option(names = "--w-std", paramLabel = "W", description = "Weight standard deviation: selects the neural-tangents NTK parameterisation.")
    Double wStd;

    @Option(names = "--b-std", paramLabel = "B", description = "Bias standard deviation (neural-tangents parameterisation; default 0).")
    Double bStd;

    boolean given() {
        return kernel != null || nngp;
    }

    int depthOr(int fallback) {
        return depth == null ? fallback : depth;
    }

    KernelSpec spec() {
        String kind = kernel == null ? "ntk" : kernel;
        if (!kind.equals("ntk") && !kind.equals("nngp") && !kind.equals("cntk")) {
            throw new UsageError("unknown --kernel '" + kind + "' (known: ntk, nngp, cntk)");
        }
        if (kind.equals("cntk")) {
            return cntkSpec();
        }
        if (pool != null) {
            throw new UsageError("--pool applies to --kernel cntk and --map cntk-sketch, not --kernel " + kind);
        }
        if (nngp) {
            kind = "nngp";
        }
        int l = depthOr(2);
        if (l < 0 || l > 100) {
            throw new UsageError("--depth must be between 0 and 100, got " + l);
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("depth", Integer.toString(l));
        if (wStd != null || bStd != null) {
            double w = wStd == null ? Math.sqrt(2) : wStd;
            double b = bStd == null ? 0 : bStd;
            if (!(w > 0) || !(b >= 0) || !Double.isFinite(w) || !Double.isFinite(b)) {
                throw new UsageError("--w-std must be > 0 and --b-std >= 0, got " + w + " and " + b);
            }
            p.put("convention", "nt");
            p.put("w-std", KernelSpec.SpecText.num(w));
            p.put("b-std", KernelSpec.SpecText.num(b));
        } else {
            p.put("convention", "paper");
        }
        return new KernelSpec(kind, p);
    }

    /** The convolutional NTK without its image shape, which comes from the data. */
    private KernelSpec cntkSpec() {
        String v = variant == null ? "valid" : variant;
        if (!v.equals("valid") && !v.equals("arora")) {
            throw new UsageError("--variant for cntk must be arora or valid, got '" + v + "'");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("variant", v);
        p.put("depth", Integer.toString(depthOr(v.equals("valid") ? 3 : 5)));
        p.put("filter", Integer.toString(filter != null ? filter : v.equals("valid") ? 4 : 3));
        if (readout != null) {
            p.put("readout", readout);
        }
        if (fix != null) {
            p.put("fix", Boolean.toString(fix));
        }
        if (pool != null) {
            p.put("pool", Integer.toString(pool));
        }
        return new KernelSpec("cntk", p);
    }
}
