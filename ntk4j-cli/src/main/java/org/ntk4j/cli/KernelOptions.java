package org.ntk4j.cli;

import org.ntk4j.kernel.KernelSpec;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** --kernel and its parameters: the exact kernels. */
final class KernelOptions {
    @Option(names = "--kernel", paramLabel = "KIND", description = "Exact kernel: ntk or nngp.")
    String kernel;

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
        if (!kind.equals("ntk") && !kind.equals("nngp")) {
            throw new UsageError("unknown --kernel '" + kind + "' (known: ntk, nngp)");
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
}
