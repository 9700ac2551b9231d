package io.fums.features.dcu;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.api.software.SoftwareSet;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real power cuts of a DCU whose data folder is a {@link LazyFs} mount, and
 * the invariants checked around each (issue 16, UMS-2, ARC-4): just before
 * the cut a signed command is admitted; the DCU (and every process it
 * started) is killed and every write it did not fsync is dropped; then, on
 * what the disk really holds, {@link DiskChecks} (SQLite integrity, image
 * store hash-true, committed set readable and the acknowledged one); after
 * the restart the admitted command, sent again, is refused as replayed (its
 * nonce was not forgotten) and {@code software.list} reports the software
 * set last acknowledged to the console.
 */
final class PowerCuts {

    private static final String COMMAND = "meters.clear-suspect";

    private final CampaignFixture fx;
    private final String dcu;
    private final LazyFs disk;
    private final String meter;
    private final List<String> violations;
    private final OperatorKey operator;
    /** {@code committed} of software.list when the console last saw a swap acknowledged (or at the first start). */
    private JsonElement acked;
    private String envelope;
    private int databases;
    private int images;
    private int emptiedConfigurations;
    private int swapCuts;
    private int swapsCommittedAtTheCut;
    /** The generation on the disk after the last cut. */
    private long diskGeneration;

    PowerCuts(CampaignFixture fx, String dcu, LazyFs disk, String meter, List<String> violations) {
        this.fx = fx;
        this.dcu = dcu;
        this.disk = disk;
        this.meter = meter;
        this.violations = violations;
        this.operator = OperatorKey.of(fx.operator);
    }

    /** The console saw the DCU acknowledge its software set (a swap's response, or the first start): remember it. */
    void acknowledged() throws Exception {
        acked = fx.get(dcu, "software.list", "{}").get("committed");
    }

    /** Sends a signed command that the DCU admits (its nonce recorded), to send it again after the cut. */
    void admitCommand(String when) throws Exception {
        String body = "{\"meterId\": \"" + meter + "\"}";
        envelope = operator.sign(COMMAND, dcu, body, Duration.ofMinutes(10));
        Response r = fx.client.request(dcu, COMMAND, body, envelope).get(60, TimeUnit.SECONDS);
        if (r.code() != null && r.code().startsWith("CMD_")) {
            violations.add(when + ": the command before the cut was not admitted: " + r);
            envelope = null;
        }
    }

    /** The console's view of the committed software set (for a swap sent without awaiting its answer). */
    JsonElement acked() {
        return acked;
    }

    /** The power cut, with the DCU already killed; then the checks of what the disk holds. */
    void cut(String when) throws Exception {
        cut(when, null);
    }

    /**
     * The power cut, with the DCU already killed, while {@code swap} (null: none) was in flight; then the checks of
     * what the disk holds.
     */
    void cut(String when, SwapCut swap) throws Exception {
        disk.powerCut();
        databases += DiskChecks.databases(disk.mountPoint(), when, violations).size();
        images += DiskChecks.images(disk.mountPoint(), when, violations);
        int emptied = DiskChecks.emptiedConfigurations(disk.mountPoint());
        emptiedConfigurations += emptied;
        if (emptied > 0) {
            // Configuration Admin stores through io.fums.cm, which fsyncs every configuration (issue 16)
            violations.add(when + ": " + emptied + " Configuration Admin files are empty after the cut");
        }
        SoftwareSet set = DiskChecks.committedSet(disk.mountPoint(), when, violations);
        diskGeneration = set == null ? 0 : set.generation();
        if (swap != null) {
            swapCuts++;
            swap.checkDisk(diskGeneration, violations);
        } else if (acked instanceof JsonObject a && a.has("generation")) {
            long generation = a.get("generation").getAsLong();
            // generation 0 is the distribution's runtime descriptor: no set file is written before the first swap
            if (set == null ? generation != 0 : set.generation() != generation) {
                violations.add(when + ": the disk's committed software set is " + (set == null ? "missing" : "generation "
                        + set.generation()) + ", the console saw generation " + generation + " acknowledged");
            }
        }
    }

    /** After the restart: the admitted command is refused as replayed; the committed set is the acknowledged one. */
    void checkAfterRestart(String when) throws Exception {
        checkAfterRestart(when, null);
    }

    /**
     * As {@link #checkAfterRestart(String)}; with a swap in flight at the cut ({@code swap} not null) the DCU's
     * report must agree with its disk and history, and then is the acknowledged set. Returns true if that swap's set
     * is the committed one.
     */
    boolean checkAfterRestart(String when, SwapCut swap) throws Exception {
        if (envelope != null) {
            String body = "{\"meterId\": \"" + meter + "\"}";
            Response again = fx.client.request(dcu, COMMAND, body, envelope).get(60, TimeUnit.SECONDS);
            if (!"CMD_REPLAYED".equals(again.code())) {
                violations.add(when + ": a command admitted before the cut, sent again, was not refused as replayed"
                        + " (its nonce was forgotten): " + again);
            }
        }
        if (swap != null) {
            boolean swapped = swap.checkReported(fx, dcu, diskGeneration, violations);
            swapsCommittedAtTheCut += swapped ? 1 : 0;
            acknowledged(); // the DCU has now reported its set: the console's view
            return swapped;
        }
        JsonElement now = fx.get(dcu, "software.list", "{}").get("committed");
        if (!same(acked, now)) {
            violations.add(when + ": the committed software set is " + now + ", not the one acknowledged to the console " + acked);
        }
        return false;
    }

    /** Same generation and features (the commit time and bundle details follow from them). */
    private static boolean same(JsonElement a, JsonElement b) {
        if (!(a instanceof JsonObject x) || !(b instanceof JsonObject y)) {
            return String.valueOf(a).equals(String.valueOf(b));
        }
        return String.valueOf(x.get("generation")).equals(String.valueOf(y.get("generation")))
                && String.valueOf(x.get("features")).equals(String.valueOf(y.get("features")));
    }

    /** SQLite databases checked and images hashed, over every cut so far. */
    String summary() {
        return databases + " database integrity checks, " + images + " image hashes; " + swapCuts
                + " cuts inside a software swap (" + swapsCommittedAtTheCut + " of them after its commit); " + emptiedConfigurations
                + " Configuration Admin files found empty after a cut (each a violation: io.fums.cm fsyncs them)";
    }

    /** SIGKILL of the DCU and of every process it started (a power cut stops them all), and waits for them. */
    static void killTree(DcuProcess dcu) throws Exception {
        List<ProcessHandle> children = dcu.process().descendants().toList();
        dcu.kill();
        for (ProcessHandle c : children) {
            c.destroyForcibly();
            c.onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
