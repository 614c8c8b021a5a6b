package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded fuzzing of every reader: valid files are mutated at random (truncation, byte flips,
 * bad tokens such as "abc", "1e999", "nan", "--3" and huge numbers, deleted and repeated
 * spans, corrupted header fields, empty files, header-only files). The property: each mutant
 * either reads into a consistent data set (finite values, agreeing shapes) or fails with a
 * {@link DataFormatException} whose message names the file — never any other exception.
 */
class ReaderFuzzTest {
    /** Mutants per reader; raise with -Dntk4j.fuzz.seeds=20000 for a longer hunt. */
    private static final int SEEDS = Integer.getInteger("ntk4j.fuzz.seeds", 400);
    private static final String[] BAD_TOKENS = {"abc", "1e999", "-1e999", "nan", "NaN", "inf", "-Infinity", "--3",
            "99999999999", "4294967296", "2147483647", "-1", "0", "", ":", "::", "1:", ":1", "0:1", ",", ";", "\t", " ",
            "\n", "\r", "\"", "#", "qid:x", "1e", ".", "0x10", "é", "\0", "1,2", "(", ")", "'", "True", "{", "}"};

    @TempDir
    Path dir;

    @FunctionalInterface
    interface Reader {
        Dataset read(Path file) throws IOException;
    }

    /** A mutated copy of {@code valid} and what was done to it. */
    record Mutant(byte[] bytes, String what) {
    }

    static Mutant mutate(byte[] valid, RandomStream r) {
        byte[] b = valid;
        StringBuilder what = new StringBuilder();
        int rounds = r.nextInt(4) == 0 ? 2 : 1;
        for (int k = 0; k < rounds; k++) {
            b = mutateOnce(b, r, what);
        }
        return new Mutant(b, what.toString());
    }

    private static byte[] mutateOnce(byte[] b, RandomStream r, StringBuilder what) {
        int len = b.length;
        int at = r.nextInt(len + 1);
        switch (r.nextInt(10)) {
            case 0 -> {
                what.append("truncate at ").append(at).append("; ");
                return Arrays.copyOf(b, at);
            }
            case 1 -> {
                byte[] out = b.clone();
                int flips = 1 + r.nextInt(3);
                for (int i = 0; i < flips && len > 0; i++) {
                    int p = r.nextInt(len);
                    out[p] = (byte) r.nextInt(256);
                    what.append("flip byte ").append(p).append("; ");
                }
                return out;
            }
            case 2 -> {
                String token = BAD_TOKENS[r.nextInt(BAD_TOKENS.length)];
                what.append("insert ").append(DataFormatException.quote(token)).append(" at ").append(at).append("; ");
                return splice(b, at, at, token.getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> {
                int[] run = digitRun(b, r);
                if (run == null) {
                    return b;
                }
                String token = r.nextInt(2) == 0 ? BAD_TOKENS[r.nextInt(BAD_TOKENS.length)]
                        : Long.toString(r.nextLong() >>> r.nextInt(64));
                what.append("replace number at ").append(run[0]).append(" by ").append(DataFormatException.quote(token))
                        .append("; ");
                return splice(b, run[0], run[1], token.getBytes(StandardCharsets.UTF_8));
            }
            case 4 -> {
                int to = Math.min(len, at + 1 + r.nextInt(20));
                what.append("delete ").append(at).append("..").append(to).append("; ");
                return splice(b, at, to, new byte[0]);
            }
            case 5 -> {
                int to = Math.min(len, at + 1 + r.nextInt(20));
                what.append("repeat ").append(at).append("..").append(to).append("; ");
                return splice(b, to, to, Arrays.copyOfRange(b, at, to));
            }
            case 6 -> {
                what.append("empty; ");
                return new byte[0];
            }
            case 7 -> {
                int nl = 0;
                while (nl < len && b[nl] != '\n') {
                    nl++;
                }
                int keep = nl < len ? nl + 1 : Math.min(len, 16);
                what.append("keep first line/16 bytes; ");
                return Arrays.copyOf(b, keep);
            }
            case 8 -> {
                // a header field (IDX sizes, .npy header length) set to a random, often huge, value
                if (len < 12) {
                    return b;
                }
                byte[] out = b.clone();
                int p = r.nextInt(Math.min(len, 32) - 3);
                int v = r.nextInt(2) == 0 ? (int) r.nextLong() : Integer.MAX_VALUE - r.nextInt(10);
                ByteBuffer.wrap(out).putInt(p, v);
                what.append("int ").append(v).append(" at ").append(p).append("; ");
                return out;
            }
            default -> {
                byte[] sep = {(byte) "\n\t ,;:".charAt(r.nextInt(6))};
                what.append("insert separator ").append(DataFormatException.quote(new String(sep, StandardCharsets.ISO_8859_1)))
                        .append(" at ").append(at).append("; ");
                return splice(b, at, at, sep);
            }
        }
    }

    private static int[] digitRun(byte[] b, RandomStream r) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < b.length; ) {
            if (b[i] >= '0' && b[i] <= '9') {
                int s = i;
                while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                runs.add(new int[]{s, i});
            } else {
                i++;
            }
        }
        return runs.isEmpty() ? null : runs.get(r.nextInt(runs.size()));
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    /** Runs the property over SEEDS mutants of the given valid files. */
    private void fuzz(String label, List<byte[]> valid, String fileName, Reader reader) throws IOException {
        int parsed = 0;
        int rejected = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            RandomStream r = RandomStream.of(seed).child(label);
            byte[] base = valid.get(seed % valid.size());
            Mutant m = mutate(base, r);
            Path f = dir.resolve(fileName);
            Files.write(f, m.bytes());
            String context = label + " seed " + seed + " (" + m.what() + ")";
            try {
                Dataset d = reader.read(f);
                TestData.assertConsistent(d);
                parsed++;
            } catch (DataFormatException e) {
                assertTrue(e.getMessage().contains(f.toString()), context + ": message does not name the file: "
                        + e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail(context + ": " + t, t);
            }
        }
        System.out.printf("%s: %d mutants parsed, %d rejected%n", label, parsed, rejected);
        assertTrue(rejected > SEEDS / 4, label + ": too few mutants rejected (" + rejected + ") — is the fuzzer working?");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void csv() throws IOException {
        List<byte[]> valid = List.of(
                utf8("a,b,c\n1,2.5,3\n-4,5e-3,6\n7,8,9\n"),
                utf8("540.0 \t0.0 \t79.99 \n332.5\t142.5\t40.27\n\n"),
                utf8("x;y\n1;2\n3;4\n"),
                utf8("\"p\",\"q\"\n\"1\",2\n# c\n3,4\n"),
                utf8("first col\tsecond col\n1\t2\n"),
                TestData.gzip(utf8("a,b\n1,2\n3,4\n")));
        fuzz("csv", valid, "fuzz.csv", CsvReader::read);
        fuzz("csv-target-2", valid, "fuzz.csv",
                f -> CsvReader.read(f, CsvReader.Options.defaults().withTargets("2")));
        fuzz("csv-no-target", valid, "fuzz.csv",
                f -> CsvReader.read(f, CsvReader.Options.defaults().withoutTarget()));
    }

    @Test
    void libsvm() throws IOException {
        List<byte[]> valid = List.of(
                utf8("+1 1:0.5 3:2\n-1 \n-1\n\n+1 qid:7 2:-1.5 # comment 9:9\n"),
                utf8("-1 3:1 11:1 14:1 19:1 39:1\n-1 5:1 7:1 14:1\n+1 2:1 6:1 18:1 19:1\n"),
                TestData.gzip(utf8("1 1:1 4:2\n0 2:3\n")));
        fuzz("libsvm", valid, "fuzz.svm", LibsvmReader::read);
        fuzz("libsvm-dim-20", valid, "fuzz.svm", f -> LibsvmReader.read(f, 20));
    }

    @Test
    void idx() throws IOException {
        byte[] images = IdxReaderTest.idx(3, 4, 5);
        byte[] labels = IdxReaderTest.labels(1, 0, 9);
        fuzz("idx-images", List.of(images, TestData.gzip(images)), "fuzz-images-idx3-ubyte", IdxReader::readImages);
        fuzz("idx-labels", List.of(labels, TestData.gzip(labels)), "fuzz-labels-idx1-ubyte", f -> {
            int[] l = IdxReader.readLabels(f);
            return Dataset.unlabeled("labels", new DoubleMatrix(l.length, 1), new int[]{1});
        });
        Path goodImages = Files.write(dir.resolve("good-images"), images);
        fuzz("idx-pair", List.of(labels, TestData.gzip(labels)), "fuzz-labels",
                f -> IdxReader.readClassification(goodImages, f, IdxReader.DIGIT_CLASSES));
    }

    @Test
    void npy() throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("valid"));
        DoubleMatrix m = new DoubleMatrix(3, 4);
        RandomStream.of(1).fillGaussian(m.data());
        Npy.write(tmp.resolve("a.npy"), m, Npy.DType.FLOAT64);
        Npy.write(tmp.resolve("b.npy"), m, Npy.DType.FLOAT32, new int[]{3, 1, 2, 2});
        List<byte[]> valid = List.of(Files.readAllBytes(tmp.resolve("a.npy")), Files.readAllBytes(tmp.resolve("b.npy")),
                NpyTest.npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", NpyTest.doubles(1, 2, 3, 4)),
                NpyTest.npy(3, "{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", new byte[]{1, 2, 3, 4}));
        fuzz("npy", valid, "fuzz.npy", Npy::readDataset);
    }

    @Test
    void uciFolder() throws IOException {
        Path base = UciSplitsTest.folder(Files.createDirectories(dir.resolve("base")));
        List<String> files;
        try (Stream<Path> s = Files.list(base)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        int parsed = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            RandomStream r = RandomStream.of(seed).child("uci");
            Path folder = Files.createDirectories(dir.resolve("u" + seed));
            for (String f : files) {
                Files.copy(base.resolve(f), folder.resolve(f));
            }
            String victim = files.get(r.nextInt(files.size()));
            Mutant m = mutate(Files.readAllBytes(base.resolve(victim)), r);
            Files.write(folder.resolve(victim), m.bytes());
            String context = "uci seed " + seed + " " + victim + " (" + m.what() + ")";
            try {
                TrainTest t = UciSplits.read(folder, r.nextInt(2));
                TestData.assertConsistent(t.train());
                TestData.assertConsistent(t.test());
                parsed++;
            } catch (DataFormatException e) {
                assertTrue(e.getMessage().contains(folder.toString()), context + ": " + e.getMessage());
            } catch (Throwable t) {
                fail(context + ": " + t, t);
            }
        }
        System.out.printf("uci: %d mutants parsed%n", parsed);
    }

    @Test
    void imageZip() throws IOException {
        List<String> names = List.of("train/b/0.png", "train/b/1.png", "train/a/0.png", "train/a/1.jpg");
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            images.add(ImageZipReaderTest.encode(ImageZipReaderTest.rgb(4, 3, 40 * i), "png"));
        }
        images.add(ImageZipReaderTest.encode(ImageZipReaderTest.rgb(4, 3, 200), "jpg"));
        Path zip = ImageZipReaderTest.zip(dir.resolve("valid.zip"), names, images);
        // also a ZIP whose entries are stored uncompressed, so mutations hit the image bytes directly
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bos)) {
            z.setMethod(java.util.zip.ZipOutputStream.STORED);
            for (int i = 0; i < names.size(); i++) {
                java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(names.get(i));
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(images.get(i));
                e.setSize(images.get(i).length);
                e.setCrc(crc.getValue());
                z.putNextEntry(e);
                z.write(images.get(i));
                z.closeEntry();
            }
        }
        fuzz("image-zip", List.of(Files.readAllBytes(zip), bos.toByteArray()), "fuzz.zip", ImageZipReader::read);
        fuzz("image-zip-subset", List.of(Files.readAllBytes(zip), bos.toByteArray()), "fuzz.zip",
                f -> ImageZipReader.read(f, ImageZipReader.Options.defaults().withLimit(2).withShuffle(3)));
    }
}
