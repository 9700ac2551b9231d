package io.fums.demo.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the demo report: one self-contained HTML file (inline CSS and SVG,
 * no script, no external resource) with the story's steps, the headline
 * figures, the campaign timeline, per-meter durations, the alarms and the
 * audit trail.
 */
public final class HtmlReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1100px}
            h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
            th{background:#f3f5f7}.ok{color:#2e7d32;font-weight:600}.bad{color:#c62828;font-weight:600}
            .facts td:first-child{color:#555}.mono{font-family:ui-monospace,Menlo,monospace}
            .scroll{max-height:420px;overflow:auto;display:inline-block}
            """;

    private HtmlReport() {
    }

    /** Writes the report to {@code file} and returns it. */
    public static Path write(ReportData data, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(data), StandardCharsets.UTF_8);
        return file;
    }

    /** The report as HTML text. */
    public static String render(ReportData d) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(d.title()))
                .append("</title><style>").append(CSS).append("</style></head><body>");
        b.append("<h1>").append(esc(d.title())).append("</h1><p>").append(esc(TIME.format(d.started()))).append(" to ")
                .append(esc(TIME.format(d.finished()))).append(" UTC (").append(duration(Duration.between(d.started(), d.finished())))
                .append(")</p>");
        b.append("<h2>Summary</h2><table class=\"facts\">");
        d.facts().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(e.getValue())).append("</td></tr>"));
        b.append("</table>");
        b.append("<h2>Story</h2><table><tr><th>time</th><th>step</th><th>outcome</th><th>detail</th></tr>");
        for (ReportData.Step s : d.steps()) {
            b.append("<tr><td class=\"mono\">").append(esc(TIME.format(s.at()))).append("</td><td>").append(esc(s.name()))
                    .append("</td><td class=\"").append(s.ok() ? "ok\">ok" : "bad\">failed").append("</td><td>").append(esc(s.detail()))
                    .append("</td></tr>");
        }
        b.append("</table>");
        b.append("<h2>Campaign timeline: meters per state</h2>").append(TimelineChart.svg(d.meters()));
        b.append("<h2>Meters</h2>").append(stateCounts(d.meters()));
        b.append("<div class=\"scroll\"><table><tr><th>meter</th><th>final state</th><th>error code</th><th>duration</th>"
                + "<th>transitions</th><th>message</th></tr>");
        for (ReportData.MeterTimeline m : d.meters().stream().sorted(Comparator.comparing(ReportData.MeterTimeline::meterId)).toList()) {
            boolean ok = "SUCCEEDED".equals(m.finalState());
            b.append("<tr><td class=\"mono\">").append(esc(m.meterId())).append("</td><td class=\"").append(ok ? "ok" : "bad")
                    .append("\">").append(esc(m.finalState())).append("</td><td>").append(esc(m.errorCode())).append("</td><td>")
                    .append(duration(Duration.ofMillis(m.durationMillis()))).append("</td><td>").append(m.transitions().size())
                    .append("</td><td>").append(esc(m.message())).append("</td></tr>");
        }
        b.append("</table></div>");
        b.append("<h2>Alarms (").append(d.alarms().size()).append(")</h2>");
        table(b, List.of("time", "meter", "code", "message"), d.alarms().stream()
                .map(a -> List.of(TIME.format(a.at()), nz(a.meterId()), nz(a.code()), nz(a.message()))).toList());
        b.append("<h2>Audit trail (").append(d.audit().size()).append(" entries)</h2><div class=\"scroll\">");
        table(b, List.of("seq", "time", "actor", "action", "outcome", "subject", "reason"), d.audit().stream()
                .map(a -> List.of(Long.toString(a.seq()), TIME.format(a.at()), nz(a.actor()), nz(a.action()), nz(a.outcome()),
                        nz(a.subject()), nz(a.reason()))).toList());
        b.append("</div></body></html>\n");
        return b.toString();
    }

    private static String stateCounts(List<ReportData.MeterTimeline> meters) {
        Map<String, Integer> counts = new TreeMap<>();
        meters.forEach(m -> counts.merge(m.finalState(), 1, Integer::sum));
        StringBuilder b = new StringBuilder("<p>");
        counts.forEach((k, v) -> b.append(esc(k)).append(": <b>").append(v).append("</b> &nbsp; "));
        return b.append("</p>").toString();
    }

    private static void table(StringBuilder b, List<String> head, List<List<String>> rows) {
        b.append("<table><tr>");
        head.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
        b.append("</tr>");
        for (List<String> r : rows) {
            b.append("<tr>");
            r.forEach(c -> b.append("<td>").append(esc(c)).append("</td>"));
            b.append("</tr>");
        }
        b.append("</table>");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms >= 60_000 ? String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60)
                : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
