package io.fums.features.dcu;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.PackageServer;
import io.fums.emulator.console.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A software swap in flight when the DCU's power is cut (issue 16, UMS-2,
 * CARD-1): the signed {@code software.apply} is sent as the console sends it
 * (package served over HTTP), and the soak cuts the power at a random moment
 * of the download, verification, swap or commit, without waiting for the
 * answer. The invariants, judged with what the console saw:
 * <ul>
 * <li>on the disk after the cut, the committed set is the one acknowledged
 * before the swap or the swap's new one, nothing else; if the console saw the
 * swap COMMITTED, it is the new one (the commit was durable before the answer
 * left); if it saw a refusal or a rollback, the old one;</li>
 * <li>after the restart, the DCU reports the set the disk holds, and its
 * swap history agrees: the new set only with a COMMITTED entry of the
 * swap's version.</li>
 * </ul>
 * The set the DCU reports after the restart is then the acknowledged one (the
 * console never saw the other).
 */
final class SwapCut implements AutoCloseable {

    private final String when;
    private final long oldGeneration;
    private final String version;
    private final PackageServer http;
    private final CompletableFuture<Response> answer;
    /** What the console saw before the cut: null while it saw nothing. */
    private Response seen;

    private SwapCut(String when, long oldGeneration, String version, PackageServer http, CompletableFuture<Response> answer) {
        this.when = when;
        this.oldGeneration = oldGeneration;
        this.version = version;
        this.http = http;
        this.answer = answer;
    }

    /** Sends the signed {@code software.apply} of {@code pkg} (feature version {@code version}); the answer is not awaited. */
    static SwapCut start(CampaignFixture fx, String dcu, Path pkg, String version, JsonElement acked, String when)
            throws Exception {
        long old = acked instanceof JsonObject a && a.has("generation") ? a.get("generation").getAsLong() : 0;
        PackageServer http = new PackageServer(pkg.getParent(), "127.0.0.1", 0, "127.0.0.1");
        try {
            JsonObject body = new JsonObject();
            body.addProperty("url", http.url(pkg.getFileName().toString()));
            body.addProperty("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pkg))));
            body.addProperty("size", Files.size(pkg));
            String text = body.toString();
            String envelope = OperatorKey.of(fx.operator).sign("software.apply", dcu, text, Duration.ofMinutes(10));
            return new SwapCut(when, old, version, http, fx.client.request(dcu, "software.apply", text, envelope));
        } catch (Exception | Error e) {
            http.close();
            throw e;
        }
    }

    /**
     * With the DCU killed: an answer it sent before the kill still reaches the console through the broker; waits
     * {@code grace} for it. Returns what the console saw (null: nothing).
     */
    Response afterKill(Duration grace) throws Exception {
        try {
            seen = answer.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            seen = null;
        }
        return seen;
    }

    /** The committed generation on the disk after the cut, judged against what the console saw. */
    void checkDisk(long diskGeneration, List<String> violations) {
        long expected = seen == null ? -1 : committedGeneration(seen);
        if (expected >= 0 && diskGeneration != expected) {
            violations.add(when + " (power cut inside a swap): the console saw generation " + expected
                    + " committed, the disk holds generation " + diskGeneration);
        } else if (expected < 0 && seen != null && diskGeneration != oldGeneration) {
            violations.add(when + " (power cut inside a swap): the console saw the swap end without a commit (" + seen.code()
                    + "), the disk holds generation " + diskGeneration + ", not the previous " + oldGeneration);
        } else if (seen == null && diskGeneration != oldGeneration && diskGeneration != oldGeneration + 1) {
            violations.add(when + " (power cut inside a swap): the disk holds generation " + diskGeneration
                    + ", neither the acknowledged " + oldGeneration + " nor the swap's new one");
        }
    }

    /**
     * After the restart: the DCU's reported set ({@code software.list} committed) and its swap history agree with the
     * disk; returns true if the swap's new set is the committed one.
     */
    boolean checkReported(CampaignFixture fx, String dcu, long diskGeneration, List<String> violations) throws Exception {
        JsonObject committed = fx.get(dcu, "software.list", "{}").getAsJsonObject("committed");
        long reported = committed != null && committed.has("generation") ? committed.get("generation").getAsLong() : 0;
        if (reported != diskGeneration) {
            violations.add(when + " (power cut inside a swap): the DCU reports generation " + reported
                    + ", its disk held " + diskGeneration + " after the cut");
        }
        boolean swapped = reported != oldGeneration;
        if (swapped) {
            boolean recorded = false;
            for (JsonElement e : fx.get(dcu, "software.history", "{\"limit\": 5}").getAsJsonArray("swaps")) {
                JsonObject s = e.getAsJsonObject();
                recorded |= "COMMITTED".equals(text(s, "outcome")) && version.equals(text(s, "to"));
            }
            if (!recorded) {
                violations.add(when + " (power cut inside a swap): generation " + reported
                        + " is committed but the swap history has no COMMITTED entry to " + version);
            }
        }
        return swapped;
    }

    private static long committedGeneration(Response r) {
        JsonObject d = r.dataObject();
        if (r.ok() && d != null && "COMMITTED".equals(text(d, "outcome")) && d.has("generation")) {
            return d.get("generation").getAsLong();
        }
        return -1;
    }

    /** Stops serving the package and forgets the answer. */
    @Override
    public void close() {
        answer.cancel(false);
        http.close();
    }

    /** A text field of a JSON object, or null. */
    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
