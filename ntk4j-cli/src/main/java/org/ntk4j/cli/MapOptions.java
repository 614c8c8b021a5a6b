package org.ntk4j.cli;

import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.kernel.KernelSpec;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** --map and its parameters: the feature maps. Depth and --nngp are shared with the kernel options. */
final class MapOptions {
    @Option(names = "--map", paramLabel = "KIND",
            description = {"Feature map: ntk-sketch, ntk-rf, cntk-sketch (images), or a baseline: nystrom (landmarks of "
                    + "the exact kernel given by --kernel/--depth/--nngp/--w-std/--b-std), rff (Gaussian random Fourier), "
                    + "arccos-rf (arc-cosine random features of the depth-L NNGP), grad-rf (gradients of a random ReLU net), "
                    + "or linear (plain linear ridge)."})
    String map;

    @Option(names = "--dim", paramLabel = "M", description = "Output dimension of ntk-sketch, rff, arccos-rf and grad-rf "
            + "(default: 8192); landmarks of nystrom (default: 1024); parameters of --model mlp (default: 8192).")
    Integer dim;

    @Option(names = "--gamma", paramLabel = "G", description = "rff: bandwidth of exp(-G·|x-y|²) (default: 1/d on the standardised inputs).")
    Double gamma;

    @Option(names = "--sampling", paramLabel = "S", description = "nystrom: landmark sampling, rls (recursive ridge leverage scores) or uniform (default: rls).")
    String sampling;

    @Option(names = "--degree", paramLabel = "Q", description = "ntk-sketch: polynomial degree (default: chosen for the depth so the polynomial bias is small).")
    Integer degree;

    @Option(names = "--leaf-hash", paramLabel = "N",
            description = "ntk-sketch: hash each PolySketch leaf to N coordinates first (CountSketch), so a sparse row costs O(nnz) plus a cost independent of d.")
    Integer leafHash;

    @Option(names = "--m1", paramLabel = "M1", description = "ntk-rf: ReLU features per layer (default: 4096).")
    Integer m1;

    @Option(names = "--m0", paramLabel = "M0", description = "ntk-rf: step features per layer (default: m1).")
    Integer m0;

    @Option(names = "--ms", paramLabel = "MS", description = "ntk-rf: TensorSRHT size; output dimension is m1 + ms (default: 4096).")
    Integer ms;

    @Option(names = "--leverage", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "ntk-rf: leverage-score sampling of the ReLU features (exact chi sampler; default: on).")
    boolean leverage;

    @Option(names = "--symmetric-step", description = "ntk-rf: symmetrised step features (lower variance).")
    boolean symmetricStep;

    @Option(names = "--shared-steps", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "ntk-rf: step features reuse the ReLU features' directions, negated (antithetic), which halves "
                    + "each layer's GEMM at m0 = m1 with no loss of accuracy; needs m0 <= m1 (default: on when it "
                    + "applies; --no-shared-steps draws their own directions).")
    boolean sharedSteps;

    boolean given() {
        return map != null;
    }

    /** Whether --kernel and its options describe this map's kernel (Nyström) rather than exact kernel ridge. */
    boolean takesKernel() {
        return "nystrom".equals(map);
    }

    FeatureMapSpec spec(long seed, KernelOptions kernel) {
        if (gamma != null && !"rff".equals(map)) {
            throw new UsageError("--gamma applies to --map rff");
        }
        if (kernel.pool != null && !"cntk-sketch".equals(map) && !(takesKernel() && "cntk".equals(kernel.kernel))) {
            throw new UsageError("--pool applies to --kernel cntk and --map cntk-sketch");
        }
        if (sampling != null && !takesKernel()) {
            throw new UsageError("--sampling applies to --map nystrom");
        }
        Map<String, String> p = new LinkedHashMap<>();
        String variant = kernel.variant;
        switch (map) {
            case "linear" -> {
                return FeatureMapSpec.of("linear", 0);
            }
            case "ntk-sketch" -> {
                if (variant != null) {
                    if (!variant.equals("direct") && !variant.equals("layerwise")) {
                        throw new UsageError("--variant must be direct or layerwise, got '" + variant + "'");
                    }
                    p.put("variant", variant);
                }
                p.put("depth", Integer.toString(kernel.depthOr(2)));
                if (degree != null) {
                    p.put("degree", Integer.toString(degree));
                }
                p.put("dim", Integer.toString(dim == null ? 8192 : dim));
                if (leafHash != null) {
                    p.put("leaf-hash", Integer.toString(leafHash));
                }
                if ("layerwise".equals(variant)) {
                    if (kernel.wStd != null) {
                        p.put("w-std", Double.toString(kernel.wStd));
                    }
                    if (kernel.bStd != null) {
                        p.put("b-std", Double.toString(kernel.bStd));
                    }
                }
            }
            case "cntk-sketch" -> {
                p.put("depth", Integer.toString(kernel.depthOr(3)));
                p.put("filter", Integer.toString(kernel.filter == null ? 4 : kernel.filter));
                if (degree != null) {
                    p.put("degree", Integer.toString(degree));
                }
                p.put("dim", Integer.toString(dim == null ? 4096 : dim));
                if (kernel.pool != null) {
                    p.put("pool", Integer.toString(kernel.pool));
                }
                return new FeatureMapSpec(map, p, seed);
            }
            case "ntk-rf" -> {
                int r1 = m1 == null ? 4096 : m1;
                p.put("depth", Integer.toString(kernel.depthOr(2)));
                p.put("m1", Integer.toString(r1));
                int r0 = m0 == null ? r1 : m0;
                p.put("m0", Integer.toString(r0));
                p.put("ms", Integer.toString(ms == null ? 4096 : ms));
                p.put("leverage", Boolean.toString(leverage));
                p.put("shared-steps", Boolean.toString(sharedSteps && (symmetricStep ? r0 / 2 : r0) <= r1));
                if (symmetricStep) {
                    p.put("symmetric-step", "true");
                }
            }
            case "nystrom", "rff", "arccos-rf", "grad-rf" -> {
                return baselineSpec(seed, kernel);
            }
            default -> throw new UsageError("unknown --map '" + map
                    + "' (known: ntk-sketch, ntk-rf, cntk-sketch, nystrom, rff, arccos-rf, grad-rf, linear)");
        }
        if (kernel.nngp) {
            p.put("output", "nngp");
        }
        if ((kernel.wStd != null || kernel.bStd != null) && !"layerwise".equals(variant)) {
            throw new UsageError("--w-std/--b-std apply to exact kernels and to --map ntk-sketch --variant layerwise");
        }
        return new FeatureMapSpec(map, p, seed);
    }

    private FeatureMapSpec baselineSpec(long seed, KernelOptions kernel) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!takesKernel() && (kernel.nngp || kernel.wStd != null || kernel.bStd != null)) {
            throw new UsageError("--nngp/--w-std/--b-std do not apply to --map " + map
                    + " (arccos-rf estimates the NNGP, grad-rf the NTK, rff the Gaussian kernel)");
        }
        switch (map) {
            case "nystrom" -> {
                p.put("kernel", kernel.spec().toString());
                p.put("dim", Integer.toString(positive(dim == null ? 1024 : dim)));
                p.put("sampling", sampling == null ? "rls" : sampling);
            }
            case "rff" -> {
                p.put("dim", Integer.toString(positive(dim == null ? 8192 : dim)));
                if (gamma != null) {
                    p.put("gamma", KernelSpec.SpecText.num(gamma));
                }
            }
            default -> { // arccos-rf, grad-rf
                p.put("depth", Integer.toString(kernel.depthOr(2)));
                p.put("dim", Integer.toString(positive(dim == null ? 8192 : dim)));
            }
        }
        return new FeatureMapSpec(map, p, seed);
    }

    private static int positive(int m) {
        if (m < 1) {
            throw new UsageError("--dim must be positive, got " + m);
        }
        return m;
    }
}
