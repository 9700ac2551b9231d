package io.fums.emulator.console.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The DCU waves of a rollout: a count (the canary DCUs), a percentage of the selected DCUs, or {@code rest}, e.g.
 * {@code 1,25%,rest}. A plan that does not end with {@code rest} gets one: every selected DCU is in a wave.
 *
 * @param waves the wave sizes as given
 */
public record WavePlan(List<String> waves) {

    private static final Pattern COUNT = Pattern.compile("[1-9]\\d{0,5}");
    private static final Pattern PERCENT = Pattern.compile("(100|[1-9]\\d?)%");
    /** Waves at most. */
    public static final int MAX_WAVES = 20;

    public WavePlan {
        waves = List.copyOf(waves);
        if (waves.isEmpty() || waves.size() > MAX_WAVES) {
            throw new IllegalArgumentException("--waves: give 1 to " + MAX_WAVES + " waves");
        }
        for (int i = 0; i < waves.size(); i++) {
            String w = waves.get(i);
            boolean rest = w.equals("rest");
            if (!rest && !COUNT.matcher(w).matches() && !PERCENT.matcher(w).matches()) {
                throw new IllegalArgumentException("--waves: '" + w + "' is not a count (1, 2, ...), a percentage "
                        + "(1% to 100%) or rest");
            }
            if (rest && i != waves.size() - 1) {
                throw new IllegalArgumentException("--waves: rest must be the last wave");
            }
        }
    }

    /** Parses {@code 1,25%,rest}. */
    public static WavePlan parse(String text) {
        List<String> w = new ArrayList<>();
        for (String s : text.split(",", -1)) {
            w.add(s.strip());
        }
        if (!w.get(w.size() - 1).equals("rest")) {
            w.add("rest");
        }
        return new WavePlan(w);
    }

    /**
     * The sizes of the waves for {@code total} DCUs: a count takes at most what is left, a percentage of the total
     * rounded up (at least 1), {@code rest} what is left; empty waves are left out.
     */
    public List<Integer> sizes(int total) {
        List<Integer> sizes = new ArrayList<>();
        int left = total;
        for (String w : waves) {
            if (left == 0) {
                break;
            }
            int n;
            if (w.equals("rest")) {
                n = left;
            } else if (w.endsWith("%")) {
                int p = Integer.parseInt(w.substring(0, w.length() - 1));
                n = Math.max(1, (int) Math.ceil(total * p / 100.0));
            } else {
                n = Integer.parseInt(w);
            }
            n = Math.min(n, left);
            sizes.add(n);
            left -= n;
        }
        return sizes;
    }

    /** Wave numbers (1-based) for {@code total} DCUs in their order. */
    public List<Integer> assign(int total) {
        List<Integer> out = new ArrayList<>();
        List<Integer> sizes = sizes(total);
        for (int w = 0; w < sizes.size(); w++) {
            for (int i = 0; i < sizes.get(w); i++) {
                out.add(w + 1);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join(",", waves);
    }
}
