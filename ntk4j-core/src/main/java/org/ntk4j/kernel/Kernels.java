package org.ntk4j.kernel;

/** Builds exact kernels from their specs. */
public final class Kernels {
    private Kernels() {
    }

    public static Kernel build(KernelSpec spec) {
        return switch (spec.kind()) {
            case "ntk", "nngp" -> FullyConnectedNtk.fromSpec(spec);
            case "cntk" -> ConvolutionalNtk.fromSpec(spec);
            default -> throw new IllegalArgumentException("unknown kernel '" + spec.kind() + "' (known: ntk, nngp)");
        };
    }
}
