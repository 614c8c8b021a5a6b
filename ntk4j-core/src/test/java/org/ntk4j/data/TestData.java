package org.ntk4j.data;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Helpers shared by the data tests. */
final class TestData {
    private TestData() {
    }

    /** The shared real data folder, or a skipped test when it is absent. */
    static Path sharedData() {
        String[] candidates = {System.getProperty("ntk4j.shared.data"), System.getenv("NTK4J_DATA"),
                "../../shared/data", "../shared/data", "/work/shared/data"};
        for (String c : candidates) {
            if (c != null && Files.isDirectory(Path.of(c).resolve("uci-gal"))) {
                return Path.of(c).toAbsolutePath().normalize();
            }
        }
        Assumptions.abort("shared data folder not found (set -Dntk4j.shared.data)");
        return null;
    }

    static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos)) {
            out.write(data);
        }
        return bos.toByteArray();
    }

    /** Asserts the data set is internally consistent: finite values, shapes agree. */
    static void assertConsistent(Dataset d) {
        int n = d.size();
        Assertions.assertTrue(n > 0, "no rows");
        Assertions.assertEquals(d.inputs().rows(), n);
        long prod = 1;
        for (int s : d.sampleShape()) {
            Assertions.assertTrue(s > 0, "non-positive sample shape entry");
            prod *= s;
        }
        Assertions.assertEquals(d.inputDim(), prod);
        double[] values = d.inputs() instanceof CsrMatrix s ? s.values() : ((DoubleMatrix) d.inputs()).data();
        for (double v : values) {
            Assertions.assertTrue(Double.isFinite(v), "non-finite input");
        }
        if (d.targets() != null) {
            Assertions.assertEquals(n, d.targets().rows());
            for (double v : d.targets().data()) {
                Assertions.assertTrue(Double.isFinite(v), "non-finite target");
            }
        }
        if (d.labels() != null) {
            Assertions.assertEquals(n, d.labels().length);
        }
    }
}
