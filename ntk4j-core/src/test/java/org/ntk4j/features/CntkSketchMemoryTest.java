package org.ntk4j.features;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.random.RandomStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CNTK Sketch never builds the f²·m-wide stack of shifted copies per pixel. Proof by budget:
 * two threads map CIFAR-sized images (3×32×32, f = 4, L = 3) at m = 4096 inside a 160 MiB heap.
 * The stacked intermediate of the reference code alone would be 16·2048 floats at 26×26 pixels,
 * 88 MiB per image, 176 MiB for two threads at once; ours needs about pixels × m floats per image.
 */
class CntkSketchMemoryTest {

    /** Run in a child JVM with a small heap: maps a few images and prints a checksum. */
    public static void main(String[] args) {
        org.ntk4j.linalg.Parallel.setThreads(2);
        DoubleMatrix x = new DoubleMatrix(4, 3 * 32 * 32);
        RandomStream.of(1).fillGaussian(x.data());
        FeatureMap map = FeatureMaps.build(FeatureMapSpec.of("cntk-sketch", 1, "depth", "3", "filter", "4",
                "degree", "2", "dim", "4096"), new int[]{3, 32, 32});
        FloatMatrix f = map.transform(x);
        double sum = 0;
        for (float v : f.data()) {
            sum += v;
        }
        System.out.println("ok " + f.rows() + "x" + f.cols() + " " + Double.isFinite(sum));
    }

    @Test
    void mapsCifarSizedImagesInASmallHeap() throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx160m", "-XX:+UseSerialGC",
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", classpath, CntkSketchMemoryTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        assertEquals(0, code, "child JVM failed (OutOfMemoryError means the bound is broken):\n" + output);
        assertTrue(output.contains("ok 4x4096 true"), output);
    }
}
