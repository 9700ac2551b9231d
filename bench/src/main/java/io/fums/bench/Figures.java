package io.fums.bench;

import java.util.Locale;

/**
 * The benchmarks' machine-readable output: besides its human table, every
 * benchmark prints one line per figure,
 *
 * <pre>FIGURE {"figure": "...", "value": 1.08, "unit": "x floor", "target": "&lt;= 1.15x floor",
 *         "reference": "link floor 273.1 s", "referenceValue": 273.1, "met": true}</pre>
 *
 * <p>{@code target} and {@code reference} are text ("-" when the figure has
 * none); {@code referenceValue} is the reference as measured (or computed)
 * in the same run, null when there is none; {@code met} is true or false,
 * null for a figure without a target. {@code bench/all.sh} collects these
 * lines (see docs/benchmarks.md); {@link SuiteReport} reads them back.
 */
public final class Figures {

    /** The line prefix. */
    public static final String PREFIX = "FIGURE ";

    private Figures() {
    }

    /** Prints a figure with a target; returns {@code met}. */
    public static boolean print(String figure, double value, String unit, String target, String reference,
            Double referenceValue, boolean met) {
        System.out.println(line(figure, value, unit, target, reference, referenceValue, met));
        return met;
    }

    /** Prints a figure without a target (information beside the others). */
    public static void info(String figure, double value, String unit, String reference, Double referenceValue) {
        System.out.println(line(figure, value, unit, "-", reference, referenceValue, null));
    }

    /** The line, {@code FIGURE {json}}. */
    public static String line(String figure, double value, String unit, String target, String reference,
            Double referenceValue, Boolean met) {
        return PREFIX + "{\"figure\": " + quote(figure) + ", \"value\": " + number(value) + ", \"unit\": " + quote(unit)
                + ", \"target\": " + quote(target) + ", \"reference\": " + quote(reference) + ", \"referenceValue\": "
                + (referenceValue == null ? "null" : number(referenceValue)) + ", \"met\": " + met + "}";
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        // six significant digits, never an exponent (JSON numbers either way)
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
