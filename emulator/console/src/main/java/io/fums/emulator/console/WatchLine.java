package io.fums.emulator.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.meter.upgrade.ActivationPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one live line of {@code campaign watch} on a terminal, always exactly
 * {@code width} columns (padded, or cut with an ellipsis), its columns in
 * fixed places:
 * <pre>
 * 03:55:48Z fw-2       RUNNING    1/3  waiting: activation at 2026-12-07T04:00:00Z (in 4m12s) | ACTIVATION_SCHEDULED=2 ...
 * </pre>
 * The time is the injected clock's; what the meters wait for is judged from
 * the campaign's state, its meters per state and its {@code activation}
 * (docs/mqtt-api.md 7.16), with the DCU's own rules ({@link ActivationPolicy}).
 */
final class WatchLine {

    static final char ELLIPSIS = '\u2026';
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int ID_WIDTH = 10;
    private static final int STATE_WIDTH = 9;

    private WatchLine() {
    }

    /**
     * The line for a summary at {@code now}.
     *
     * @param summary    {@code {campaign, state, done, total, counts, reason}} (null before the first status)
     * @param activation the status's {@code activation} member, or null
     * @param alarms     alarms seen so far
     * @param now        the clock's time
     * @param width      the columns of the line
     */
    static String render(JsonObject summary, JsonObject activation, int alarms, Instant now, int width) {
        StringBuilder b = new StringBuilder(CLOCK.format(now)).append(' ');
        if (summary == null) {
            return fit(b.append("asking the DCU for the campaign's status").toString(), width);
        }
        String total = String.valueOf(DcusCommand.text(summary, "total"));
        String done = String.valueOf(DcusCommand.text(summary, "done"));
        b.append(fit(String.valueOf(DcusCommand.text(summary, "campaign")), ID_WIDTH)).append(' ');
        b.append(fit(String.valueOf(DcusCommand.text(summary, "state")), STATE_WIDTH)).append(' ');
        b.append(" ".repeat(Math.max(0, total.length() - done.length()))).append(done).append('/').append(total).append("  ");
        b.append(waiting(summary, activation, now));
        if (alarms > 0) {
            b.append(" | alarms=").append(alarms);
        }
        String counts = CampaignTables.counts(summary);
        if (!counts.isEmpty()) {
            b.append(" | ").append(counts);
        }
        return fit(b.toString(), width);
    }

    /**
     * What the meters are waiting for, for people: {@code waiting: activation at T (in 4m12s)}, {@code window closed
     * until T (in 1h02m)}, {@code paused by operator}, ...
     */
    static String waiting(JsonObject summary, JsonObject activation, Instant now) {
        String state = String.valueOf(DcusCommand.text(summary, "state"));
        String reason = DcusCommand.text(summary, "reason");
        switch (state) {
            case "CREATED":
                return "waiting: campaign start (fums-console campaign start)";
            case "PAUSED":
                return reason == null || reason.equals("paused by the operator") ? "paused by operator" : "paused: " + reason;
            case "CANCELLED":
                return reason == null ? "cancelled" : "cancelled: " + reason;
            case "COMPLETED":
                return "completed";
            default:
                break;
        }
        int waiting = count(summary, "ACTIVATION_SCHEDULED") + count(summary, "VERIFIED");
        ActivationPolicy policy = policy(activation);
        if (policy != null && waiting > 0) {
            Instant next = policy.nextActivation(now);
            if (policy.scheduled() && next.isAfter(now)) {
                return "waiting: activation at " + policy.at() + " (in " + left(Duration.between(now, next)) + ")";
            }
            if (policy.windowed() && !policy.inWindow(now)) {
                return "window closed until " + next + " (in " + left(Duration.between(now, next)) + ")";
            }
        }
        return "in work";
    }

    /** The status's {@code activation} as the DCU's policy; null if absent, immediate or not understood. */
    static ActivationPolicy policy(JsonObject a) {
        if (a == null) {
            return null;
        }
        try {
            return switch (String.valueOf(DcusCommand.text(a, "mode"))) {
                case "at" -> ActivationPolicy.at(Instant.parse(DcusCommand.text(a, "at")));
                case "window" -> ActivationPolicy.window(LocalTime.parse(DcusCommand.text(a, "start")),
                        LocalTime.parse(DcusCommand.text(a, "end")));
                default -> null;
            };
        } catch (DateTimeParseException | IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static int count(JsonObject summary, String state) {
        JsonElement c = summary.get("counts");
        if (c == null || !c.isJsonObject() || !c.getAsJsonObject().has(state)) {
            return 0;
        }
        try {
            return c.getAsJsonObject().get(state).getAsInt();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** {@code 12s}, {@code 4m12s}, {@code 1h02m}, {@code 2d03h}. */
    static String left(Duration d) {
        long s = Math.max(0, d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }

    /**
     * Exactly {@code width} characters: padded with spaces, or cut with an ellipsis as the last one. Control characters
     * (an escape sequence in a DCU's text would move the cursor) become {@code ?}.
     */
    static String fit(String s, int width) {
        StringBuilder b = new StringBuilder(s.length());
        s.chars().forEach(c -> b.append(c < 0x20 || c >= 0x7f && c < 0xa0 ? '?' : (char) c));
        String one = b.toString();
        if (one.length() <= width) {
            return one + " ".repeat(width - one.length());
        }
        return width <= 0 ? "" : one.substring(0, width - 1) + ELLIPSIS;
    }
}
