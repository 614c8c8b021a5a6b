package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.ntk4j.random.RandomStream;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumbersTest {
    private static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Numbers.parse(b, 0, b.length);
    }

    private static String problem(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Numbers.problem(b, 0, b.length);
    }

    @Test
    void agreesWithParseDoubleBitForBit() {
        RandomStream r = RandomStream.of(7);
        for (int k = 0; k < 200_000; k++) {
            StringBuilder sb = new StringBuilder();
            if (r.nextInt(3) == 0) {
                sb.append(r.nextInt(2) == 0 ? '-' : '+');
            }
            int intDigits = r.nextInt(12);
            for (int i = 0; i < intDigits; i++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            int fracDigits = r.nextInt(intDigits == 0 ? 20 : 21) + (intDigits == 0 ? 1 : 0);
            if (fracDigits > 0 || r.nextInt(2) == 0) {
                sb.append('.');
            }
            for (int i = 0; i < fracDigits; i++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            if (r.nextInt(3) == 0) {
                sb.append(r.nextInt(2) == 0 ? 'e' : 'E').append(r.nextInt(2) == 0 ? "-" : "").append(r.nextInt(330));
            }
            String s = sb.toString();
            double expected = Double.parseDouble(s);
            if (Double.isFinite(expected)) {
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(parse(s)), s);
            } else {
                assertTrue(Double.isNaN(parse(s)), s);
            }
        }
    }

    @Test
    void knownValues() {
        assertEquals(540.0, parse("540.0"));
        assertEquals(0.31754, parse("0.31754"));
        assertEquals(-0.5, parse("-.5"));
        assertEquals(5.0, parse("5."));
        assertEquals(1e-300, parse("1e-300"));
        assertEquals(0.1, parse("0.1000000000000000000000000001"));
        assertEquals(123456789012345678.0, parse("123456789012345678"));
        assertEquals(0.0, parse("0e99999999999"));
    }

    @Test
    void rejectsWhatIsNotAFiniteDecimal() {
        for (String bad : new String[]{"", "abc", "nan", "NaN", "inf", "-Infinity", "--3", "1e999", "1d", "0x1p3",
                "1e", "1e+", ".", "-", "1.2.3", "1,5", " 1", "1 "}) {
            assertTrue(Double.isNaN(parse(bad)), bad);
        }
        assertTrue(problem("abc").contains("expected a number, found \"abc\""), problem("abc"));
        assertTrue(problem("nan").contains("NaN and infinite values are not allowed"));
        assertTrue(problem("-inf").contains("NaN and infinite values are not allowed"));
        assertTrue(problem("1e999").contains("out of the range"), problem("1e999"));
        assertTrue(problem("").contains("empty field"));
    }

    @Test
    void indices() {
        byte[] b = "123 x 99999999999 -1".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(123, Numbers.parseIndex(b, 0, 3));
        assertEquals(-1, Numbers.parseIndex(b, 4, 5));
        assertEquals(99999999999L, Numbers.parseIndex(b, 6, 17));
        assertEquals(-1, Numbers.parseIndex(b, 18, 20));
    }
}
