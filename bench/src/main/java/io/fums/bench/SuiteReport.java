package io.fums.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suite's table and JSON (run by {@code bench/all.sh}): reads the runs
 * file ({@code name TAB exit code TAB seconds TAB command}, one line per
 * benchmark, in run order), each benchmark's log {@code <name>.log} and the
 * facts file ({@code key=value}) from the log folder; prints one table of
 * every {@code FIGURE} line (figure, value, target, reference, met, and the
 * value of the previous results-latest.json when there is one) and writes
 * {@code results-<stamp>.json} and {@code results-latest.json}.
 *
 * <p>Usage: {@code SuiteReport <log dir> <results dir> <stamp>}
 */
public final class SuiteReport {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private SuiteReport() {
    }

    public static void main(String[] args) throws Exception {
        Path logs = Path.of(args[0]);
        Path results = Path.of(args[1]);
        String stamp = args[2];
        JsonObject root = new JsonObject();
        JsonObject machine = new JsonObject();
        for (String line : Files.readAllLines(logs.resolve("facts"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                machine.addProperty(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        machine.addProperty("nproc", Runtime.getRuntime().availableProcessors());
        root.addProperty("date", machine.has("date") ? machine.remove("date").getAsString() : stamp);
        root.addProperty("mode", machine.has("mode") ? machine.remove("mode").getAsString() : "full");
        root.add("machine", machine);
        JsonArray benchmarks = new JsonArray();
        JsonArray figures = new JsonArray();
        for (String line : Files.readAllLines(logs.resolve("runs"))) {
            String[] f = line.split("\t", 4);
            if (f.length < 4) {
                continue;
            }
            JsonObject b = new JsonObject();
            b.addProperty("name", f[0]);
            b.addProperty("exitCode", Integer.parseInt(f[1]));
            b.addProperty("seconds", Long.parseLong(f[2]));
            b.addProperty("command", f[3]);
            b.addProperty("log", logs.resolve(f[0] + ".log").toString());
            Path log = logs.resolve(f[0] + ".log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            int found = 0;
            for (String l : lines) {
                if (l.startsWith(Figures.PREFIX)) {
                    JsonObject fig = JsonParser.parseString(l.substring(Figures.PREFIX.length())).getAsJsonObject();
                    fig.addProperty("benchmark", f[0]);
                    figures.add(fig);
                    found++;
                }
            }
            if (found == 0) {
                found += fromTable(f[0], lines, figures);
            }
            b.addProperty("figures", found);
            benchmarks.add(b);
        }
        root.add("benchmarks", benchmarks);
        root.add("figures", figures);

        Map<String, JsonObject> previous = new LinkedHashMap<>();
        String previousDate = null;
        Path latest = results.resolve("results-latest.json");
        if (Files.exists(latest)) {
            try {
                JsonObject old = JsonParser.parseString(Files.readString(latest)).getAsJsonObject();
                previousDate = old.get("date").getAsString() + " " + old.get("mode").getAsString();
                old.getAsJsonArray("figures").forEach(e -> previous.put(e.getAsJsonObject().get("figure").getAsString(),
                        e.getAsJsonObject()));
            } catch (RuntimeException e) {
                previousDate = null;
            }
        }
        Files.createDirectories(results);
        Path out = results.resolve("results-" + stamp + ".json");
        Files.writeString(out, GSON.toJson(root) + "\n");
        Files.copy(out, latest, StandardCopyOption.REPLACE_EXISTING);
        print(root, benchmarks, figures, previous, previousDate);
        System.out.println("results: " + out + " (and " + latest + ")");
    }

    private static void print(JsonObject root, JsonArray benchmarks, JsonArray figures, Map<String, JsonObject> previous,
            String previousDate) {
        JsonObject m = root.getAsJsonObject("machine");
        System.out.printf("%nFUMS benchmark suite, %s run of %s: %s cores, %s, %s%n", root.get("mode").getAsString(),
                root.get("date").getAsString(), m.get("nproc"), text(m, "java"), text(m, "cpu"));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "value", "target", "reference (same run)", "met",
            previousDate == null ? "previous" : "previous (" + previousDate + ")"});
        for (JsonElement e : figures) {
            JsonObject f = e.getAsJsonObject();
            JsonObject p = previous.get(f.get("figure").getAsString());
            rows.add(new String[] {f.get("figure").getAsString(), value(f), text(f, "target"), text(f, "reference"),
                f.get("met") == null || f.get("met").isJsonNull() ? "" : f.get("met").getAsBoolean() ? "yes" : "NO",
                p == null ? "" : value(p)});
        }
        int[] w = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.min(i == 3 ? 60 : 48, Math.max(w[i], r[i].length()));
            }
        }
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(i == 0 ? "" : " | ").append(String.format("%-" + w[i] + "s", r[i]));
            }
            System.out.println(b.toString().stripTrailing());
            if (n == 0) {
                System.out.println("-".repeat(Math.min(200, b.length())));
            }
        }
        System.out.println();
        for (JsonElement e : benchmarks) {
            JsonObject b = e.getAsJsonObject();
            System.out.printf("%-16s exit %d, %4d s, %d figures: %s%n", b.get("name").getAsString(), b.get("exitCode").getAsInt(),
                    b.get("seconds").getAsLong(), b.get("figures").getAsInt(), b.get("command").getAsString());
        }
    }

    private static String value(JsonObject f) {
        JsonElement v = f.get("value");
        if (v == null || v.isJsonNull()) {
            return "-";
        }
        double d = v.getAsDouble();
        String n = Math.abs(d) >= 100 || d == Math.rint(d) ? String.format(Locale.ROOT, "%,.0f", d)
                : String.format(Locale.ROOT, Math.abs(d) >= 10 ? "%.1f" : "%.3f", d);
        return n + " " + text(f, "unit");
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "-" : e.getAsString();
    }

    private static final Pattern ROW = Pattern.compile("^(.+?)\\s{2,}(-?[0-9.]+)(?:\\s+(\\S.*))?$");

    /**
     * Figures of a benchmark that prints no FIGURE lines yet, from its table
     * (meter-broadcast: "total / floor" and "speed-up over one by one").
     */
    static int fromTable(String benchmark, List<String> lines, JsonArray figures) {
        if (!benchmark.equals("meter-broadcast")) {
            return 0;
        }
        Map<String, Double> v = new LinkedHashMap<>();
        for (String l : lines) {
            Matcher m = ROW.matcher(l.strip());
            if (m.matches()) {
                v.put(m.group(1).strip(), Double.parseDouble(m.group(2)));
            }
        }
        int n = 0;
        Double floor = v.get("image on the line, size*10/baud (s, floor)");
        Double ratio = v.get("total / floor");
        if (ratio != null && floor != null) {
            figures.add(fig(benchmark, "meter-broadcast.total", ratio, "x floor", "<= 1.5x floor",
                    "image on the line %.1f s; total %.1f s".formatted(floor, ratio * floor), floor, ratio <= 1.5));
            n++;
        }
        Double speedup = v.entrySet().stream().filter(e -> e.getKey().startsWith("speed-up over one by one"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        Double projected = v.entrySet().stream().filter(e -> e.getKey().startsWith("projected one by one"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (speedup != null) {
            figures.add(fig(benchmark, "meter-broadcast.speed-up", speedup, "x", "-",
                    "one-by-one transfer, projected %.1f s".formatted(projected == null ? Double.NaN : projected), projected, null));
            n++;
        }
        return n;
    }

    private static JsonObject fig(String benchmark, String figure, double value, String unit, String target, String reference,
            Double referenceValue, Boolean met) {
        JsonObject f = JsonParser.parseString(Figures.line(figure, value, unit, target, reference, referenceValue, met)
                .substring(Figures.PREFIX.length())).getAsJsonObject();
        f.addProperty("benchmark", benchmark);
        f.addProperty("source", "parsed from the benchmark's table (it prints no FIGURE lines)");
        return f;
    }
}
