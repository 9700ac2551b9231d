package io.fums.demo.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The campaign timeline as an inline SVG: meters per state over time, as
 * stacked areas sampled at regular instants, with time and count axes and a
 * legend. No script, no external resource.
 */
final class TimelineChart {

    /** States in the order of the upgrade, each with its colour. */
    static final Map<String, String> STATES = new LinkedHashMap<>();

    static {
        STATES.put("PENDING", "#cfd8dc");
        STATES.put("INITIATED", "#b3e5fc");
        STATES.put("TRANSFERRING", "#4fc3f7");
        STATES.put("TRANSFERRED", "#29b6f6");
        STATES.put("VERIFYING", "#9575cd");
        STATES.put("VERIFIED", "#7e57c2");
        STATES.put("ACTIVATION_SCHEDULED", "#ffb74d");
        STATES.put("ACTIVATING", "#ff9800");
        STATES.put("SELF_TEST", "#fdd835");
        STATES.put("SUCCEEDED", "#43a047");
        STATES.put("FAILED", "#e53935");
        STATES.put("REVERTED", "#8e24aa");
        STATES.put("CANCELLED", "#757575");
    }

    private static final int WIDTH = 960;
    private static final int HEIGHT = 320;
    private static final int LEFT = 48;
    private static final int BOTTOM = 36;
    private static final int TOP = 12;
    private static final int SAMPLES = 240;

    private TimelineChart() {
    }

    static String svg(List<ReportData.MeterTimeline> meters) {
        Instant from = null;
        Instant to = null;
        for (ReportData.MeterTimeline m : meters) {
            for (ReportData.Transition t : m.transitions()) {
                from = from == null || t.at().isBefore(from) ? t.at() : from;
                to = to == null || t.at().isAfter(to) ? t.at() : to;
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"meters per state over time\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT + 48).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT + 48).append("\">");
        if (from == null || meters.isEmpty()) {
            b.append("<text x=\"20\" y=\"40\">no transitions recorded</text></svg>");
            return b.toString();
        }
        long span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        int n = meters.size();
        double plotW = WIDTH - LEFT - 30.0;
        double plotH = HEIGHT - BOTTOM - TOP;
        List<String> states = new ArrayList<>(STATES.keySet());
        int[][] counts = new int[SAMPLES + 1][states.size()];
        for (int s = 0; s <= SAMPLES; s++) {
            long t = from.toEpochMilli() + span * s / SAMPLES;
            for (ReportData.MeterTimeline m : meters) {
                String state = "PENDING";
                for (ReportData.Transition tr : m.transitions()) {
                    if (tr.at().toEpochMilli() <= t) {
                        state = tr.state();
                    }
                }
                int i = states.indexOf(state);
                counts[s][i < 0 ? 0 : i]++;
            }
        }
        // stacked areas, bottom-up: final states at the bottom read best
        List<String> order = new ArrayList<>(states);
        java.util.Collections.reverse(order);
        double[] base = new double[SAMPLES + 1];
        for (String state : order) {
            int i = states.indexOf(state);
            boolean any = false;
            for (int s = 0; s <= SAMPLES; s++) {
                any |= counts[s][i] > 0;
            }
            if (!any) {
                continue;
            }
            StringBuilder top = new StringBuilder();
            StringBuilder bottom = new StringBuilder();
            for (int s = 0; s <= SAMPLES; s++) {
                double x = LEFT + plotW * s / SAMPLES;
                double y0 = TOP + plotH - plotH * base[s] / n;
                base[s] += counts[s][i];
                double y1 = TOP + plotH - plotH * base[s] / n;
                top.append(s == 0 ? "M" : "L").append(fmt(x)).append(',').append(fmt(y1));
                bottom.insert(0, "L" + fmt(x) + "," + fmt(y0));
            }
            b.append("<path d=\"").append(top).append(bottom).append("Z\" fill=\"").append(STATES.get(state))
                    .append("\"><title>").append(state).append("</title></path>");
        }
        // axes
        b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + (int) plotH).append("\" x2=\"").append(WIDTH - 30)
                .append("\" y2=\"").append(TOP + (int) plotH).append("\" stroke=\"#333\"/>");
        b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT).append("\" y2=\"")
                .append(TOP + (int) plotH).append("\" stroke=\"#333\"/>");
        for (int k = 0; k <= 4; k++) {
            double y = TOP + plotH - plotH * k / 4;
            b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4)).append("\" text-anchor=\"end\" font-size=\"11\">")
                    .append(Math.round(n * k / 4.0)).append("</text>");
        }
        for (int k = 0; k <= 6; k++) {
            double x = LEFT + plotW * k / 6;
            b.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(TOP + (int) plotH + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"11\">").append(seconds(span * k / 6)).append("</text>");
        }
        b.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(TOP + (int) plotH + 32)
                .append("\" text-anchor=\"middle\" font-size=\"12\">time since the first transition</text>");
        // legend, wrapped onto a second row when needed
        int x = LEFT;
        int y = HEIGHT + 4;
        for (String state : states) {
            int w = 13 + 7 * state.length();
            if (x + w > WIDTH - 10) {
                x = LEFT;
                y += 16;
            }
            b.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(STATES.get(state)).append("\"/><text x=\"").append(x + 13).append("\" y=\"").append(y + 9)
                    .append("\" font-size=\"10\">").append(state.toLowerCase().replace('_', ' ')).append("</text>");
            x += w;
        }
        return b.append("</svg>").toString();
    }

    private static String seconds(long millis) {
        return millis >= 120_000 ? (millis / 60_000) + " min" : String.format(java.util.Locale.ROOT, "%.0f s", millis / 1000.0);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
