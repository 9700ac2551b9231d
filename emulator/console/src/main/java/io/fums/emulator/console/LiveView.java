package io.fums.emulator.console;

import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code campaign watch} on a terminal: one line of fixed width ({@link WatchLine}) redrawn in place every second
 * (the clock ticks) and at each change, with meter results and alarms printed above it. Plain ANSI: carriage return,
 * hide and show the cursor; nothing else is assumed of the terminal. {@link #close()} ends the line and shows the
 * cursor again; {@link #interrupted} does so on Ctrl-C and says that the campaign keeps running.
 */
final class LiveView implements CampaignWatchCommand.View {

    static final String HIDE_CURSOR = "\u001b[?25l";
    static final String SHOW_CURSOR = "\u001b[?25h";
    /** Columns left free at the end of the line: the terminal's echo of Ctrl-C ({@code ^C}) and the cursor. */
    static final int MARGIN = 3;

    private final PrintStream term;
    private final Clock clock;
    private final int width;
    private final ScheduledExecutorService ticker;
    private JsonObject summary;
    private JsonObject activation;
    private int alarms;
    private boolean closed;

    /**
     * @param term  the terminal
     * @param clock judges the time shown
     * @param width the terminal's columns: the line uses {@value #MARGIN} less, so that it never wraps, not even
     *              when the terminal echoes {@code ^C} after it
     */
    LiveView(PrintStream term, Clock clock, int width) {
        this.term = term;
        this.clock = clock;
        this.width = Math.max(20, width) - MARGIN;
        term.print(HIDE_CURSOR);
        draw();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "campaign-watch-clock");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void tick() {
        if (!closed) {
            draw();
        }
    }

    /** The line as it stands now. */
    synchronized String line() {
        return WatchLine.render(summary, activation, alarms, clock.instant(), width);
    }

    private void draw() {
        term.print("\r" + line());
        term.flush();
    }

    private void above(String text) {
        term.print("\r" + WatchLine.fit(text, width) + "\n");
        draw();
    }

    @Override
    public synchronized void progress(JsonObject s) {
        summary = s;
        if (s.has("activation") && s.get("activation").isJsonObject()) {
            activation = s.getAsJsonObject("activation");
        }
        if (!closed) {
            draw();
        }
    }

    @Override
    public synchronized void meterResult(CampaignWatcher.Event e) {
        if (!closed) {
            above("result  " + e.text("meterId") + "  " + e.text("state") + (e.text("errorCode") == null ? "" : "  "
                    + e.text("errorCode")));
        }
    }

    @Override
    public synchronized void alarm(CampaignWatcher.Event e) {
        alarms++;
        if (!closed) {
            above("ALARM   " + e.text("code") + "  " + (e.text("meterId") == null ? "-" : e.text("meterId")) + "  "
                    + e.text("message"));
        }
    }

    /** Ends the line (drawn one last time, over an echoed {@code ^C}) and shows the cursor again. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.shutdownNow();
        term.print("\r" + line() + " ".repeat(MARGIN - 1) + "\n" + SHOW_CURSOR);
        term.flush();
    }

    /** Ctrl-C: ends the line, shows the cursor, says the campaign keeps running and how to watch it again. */
    synchronized void interrupted(String dcu, String campaign) {
        close();
        term.println(CampaignWatchCommand.keepsRunning(dcu, campaign));
        term.flush();
    }

    /**
     * The terminal's columns: {@code COLUMNS} if set, else what {@code stty size} says of /dev/tty, else 80.
     */
    static int terminalWidth() {
        String env = System.getenv("COLUMNS");
        if (env != null && env.matches("\\d{1,4}")) {
            return Integer.parseInt(env);
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+ \\d+")) {
                return Integer.parseInt(out.split(" ")[1]);
            }
        } catch (IOException e) {
            // no stty, no tty: the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 80;
    }
}
