package io.fums.demo;

import java.time.Duration;
import java.util.Locale;

/** Small formatting shared by the story and the summary. */
final class HtmlReportFacts {

    private HtmlReportFacts() {
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms >= 60_000 ? String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60)
                : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
