package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.emulator.console.ConsoleClient;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.SmallDisk;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real DCU distribution with its data folder on a small file system (a tmpfs), filled by another writer while
 * a meter campaign runs and a software swap starts (issue 16, "Disk full"): new work (a campaign's create and
 * start, a software deploy) is refused with STORAGE_FULL and audited; the DCU stays up, reports itself degraded
 * ("FUMS data folder space"), answers and publishes the campaign's progress; the swap that raced the fill ends
 * committed or refused, never half, and the committed set is the one the console saw acknowledged. Filled to the
 * last byte, the running campaign waits for space, the DCU still answering. Once the fillers are deleted, with no
 * operator action, the DCU is healthy again and a campaign start succeeds; a swap whose disk fills to the last
 * byte once its bundles are staged ends committed, or rolled back with STORAGE_FULL (the committed set in the DCU
 * and on its disk is the one the console was told), and a deploy then commits; the campaigns complete, every
 * meter's result reaches the console once (one event id per meter and campaign), every SQLite database passes
 * integrity_check and the audit chain verifies. Skipped, with the reason, where a tmpfs cannot be mounted (not
 * root); CI runs as root.
 */
@Tag("UMS-2")
@Tag("UMS-3")
@Tag("UC-4")
@Tag("ARC-4")
class DiskFullE2EIT extends CampaignE2E {

    private static final String DCU = "DCU-E2E-DISKFULL";
    private static final long MIB = 1024 * 1024;
    /** The DCU's free-space reserve here (reserve.megabytes): the filler leaves half of it free. */
    private static final long RESERVE = 4 * MIB;

    /** One event as the console received it, and when (monotonic). */
    record Received(String id, String kind, JsonObject data, long nanos) {
    }

    @Test
    void aDiskFilledDuringACampaignAndASwapRefusesNewWorkKeepsServingAndResumesWhenSpaceReturns() throws Exception {
        long t0 = System.nanoTime();
        SmallDisk disk;
        try {
            // the distribution's framework cache (about 30 MiB) lives in the data folder too
            disk = SmallDisk.mount(tmp.resolve("disk"), "64m");
        } catch (SmallDisk.Unavailable e) {
            Assumptions.abort("no small file system to fill: " + e.getMessage());
            return;
        }
        List<Received> received = new CopyOnWriteArrayList<>();
        int base = MeterFleet.freePortBase(4);
        try (disk;
             MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                     "groups": [{"id": "d", "count": 4, "tcpPortBase": %d, "link": {"baud": 9600}}]
                     """.formatted(base));
             ConsoleClient watcher = ConsoleClient.connect(fx.broker.tls().console().session("diskfull-watch", 3600))) {
            watcher.subscribe("$share/diskfull/fums/v1/" + DCU + "/evt/#", (topic, m) -> {
                JsonObject o = JsonParser.parseString(new String(m.getPayload(), StandardCharsets.UTF_8)).getAsJsonObject();
                received.add(new Received(o.get("id").getAsString(), topic.substring(topic.lastIndexOf('/') + 1),
                        o.getAsJsonObject("data"), System.nanoTime()));
            });
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 30, 9600);
            Files.writeString(conf.resolve("config/io.fums.store.json"), "{\"reserve.megabytes\": " + RESERVE / MIB + "}\n");
            Path firmwarePkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 4 * 1024, 16));
            Path racing = fx.keys.leafFeature(tmp.resolve("sw"), "1.0.0", "leaf-v1", "");
            Path later = fx.keys.leafFeature(tmp.resolve("sw"), "2.0.0", "leaf-v2", "");
            Path data = disk.dir().resolve("data");
            Path filler = disk.dir().resolve("filler.bin");

            try (DcuProcess dcu = fx.start(DCU, data, conf)) {
                lap(t0, "DCU up");
                String firmware = fx.stage(DCU, firmwarePkg);
                List<String> meters = fleet.meterIds();
                createCampaign("main", firmware, String.join(",", meters.subList(0, 3)), "1,1,rest");
                createCampaign("later", firmware, meters.get(3), "rest");
                fx.console("campaign", "start", DCU, "main");
                Conditions.await("the first meter transferring", Duration.ofSeconds(60)).until(() ->
                        count(fx.get(DCU, "campaign.status", "{\"id\": \"main\"}"), "TRANSFERRING") >= 1);

                // a swap starts, and another writer fills the disk at the same moment
                CompletableFuture<CampaignFixture.ConsoleRun> swap = CompletableFuture.supplyAsync(() ->
                        fx.run("deploy", racing.toString(), "--dcu", DCU, "--timeout", "120"));
                long filledAt = System.nanoTime();
                long filled = fill(filler, disk.dir(), RESERVE / 2);
                lap(t0, "filled");
                System.out.printf("DiskFullE2EIT: filler of %d MiB, %d KiB left free%n", filled / MIB,
                        Files.getFileStore(disk.dir()).getUsableSpace() / 1024);

                CampaignFixture.ConsoleRun swapped = swap.get(120, TimeUnit.SECONDS);
                JsonObject committed = fx.get(DCU, "software.list", "{}").getAsJsonObject("committed");
                System.out.println("DiskFullE2EIT: the swap that raced the fill: " + (swapped.rc() == 0 ? "committed"
                        : "refused") + "\n" + swapped.out());
                if (swapped.rc() == 0) {
                    assertThat(swapped.out()).contains("COMMITTED");
                    assertThat(committed.toString()).as("the acknowledged swap is the committed set").contains("leaf");
                } else {
                    assertThat(swapped.out()).as("the swap that raced the fill").contains("STORAGE_FULL");
                    assertThat(committed.toString()).as("a refused swap changes nothing").doesNotContain("leaf");
                }

                // new work is refused, with a clear error, and audited
                assertRefused(fx.run("campaign", "create", DCU, "--id", "third", "--firmware", firmware,
                        "--meters", meters.get(3)));
                assertRefused(fx.run("campaign", "start", DCU, "later"));
                assertRefused(fx.run("deploy", later.toString(), "--dcu", DCU, "--timeout", "120"));
                assertThat(audit("campaign.create")).contains("STORAGE_FULL").contains("third");
                assertThat(audit("campaign.start")).contains("STORAGE_FULL").contains("later");
                assertThat(audit("software.fetch")).contains("STORAGE_FULL");
                assertThat(fx.get(DCU, "software.list", "{}").getAsJsonObject("committed")).isEqualTo(committed);

                // the DCU stays up, says it is degraded, answers and keeps publishing the campaign's progress
                Conditions.await("health degraded for the data folder's space", Duration.ofSeconds(20)).until(() ->
                        "degraded".equals(dcu.status().getProperty("health"))
                                && dcu.status().getProperty("health.reason", "").contains("FUMS data folder space"));
                assertThat(dcu.status().getProperty("state")).isEqualTo("up");
                assertThat(fx.get(DCU, "meters.list", "{}").get("count").getAsInt()).isEqualTo(4);
                assertThat(fx.get(DCU, "campaign.status", "{\"id\": \"later\"}").get("state").getAsString())
                        .isEqualTo("CREATED");
                Conditions.await("a campaign event published while the disk is full", Duration.ofSeconds(30)).until(() ->
                        received.stream().anyMatch(r -> r.nanos() > filledAt && "campaign".equals(r.kind())));

                // then the disk fills to the last byte (the other writer took the reserve too): the running
                // campaign's journal cannot be written; it waits for space, the DCU still answers
                Path rest = disk.dir().resolve("filler-rest.bin");
                lap(t0, "refused, degraded, answering");
                disk.fill(rest);
                assertThat(dcu.awaitOutput("campaign main: the data folder is full", Duration.ofSeconds(30)))
                        .as("the campaign met the full disk:\n%s", dcu.output()).isTrue();
                assertThat(fx.get(DCU, "campaign.status", "{\"id\": \"main\"}").get("state").getAsString())
                        .isEqualTo("RUNNING");
                assertThat(fx.get(DCU, "meters.list", "{}").get("count").getAsInt()).isEqualTo(4);

                // space returns: no operator action, the DCU is healthy and takes new work again
                Files.delete(rest);
                Files.delete(filler);
                lap(t0, "space returned");
                Conditions.await("health ok again", Duration.ofSeconds(20)).until(() ->
                        "ok".equals(dcu.status().getProperty("health")));
                fx.console("campaign", "start", DCU, "later");

                // a swap meets the disk filled to the last byte in its middle (its bundles staged): it ends committed
                // or not at all, and the committed set, in the DCU and on its disk, is the one the console was told
                Path near = disk.dir().resolve("filler-near.bin");
                fill(near, disk.dir(), RESERVE + MIB); // room for the swap, and the last MiB filled in a moment
                Path staged = data.resolve("deploy/bundles");
                Set<Path> stagedBefore = files(staged);
                CompletableFuture<CampaignFixture.ConsoleRun> midSwap = CompletableFuture.supplyAsync(() ->
                        fx.run("deploy", later.toString(), "--dcu", DCU, "--timeout", "120"));
                Conditions.await("the swap staged its bundles", Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> !stagedBefore.containsAll(files(staged)));
                disk.fill(rest);
                CampaignFixture.ConsoleRun mid = midSwap.get(120, TimeUnit.SECONDS);
                JsonObject afterMid = fx.get(DCU, "software.list", "{}").getAsJsonObject("committed");
                Files.delete(rest);
                Files.delete(near);
                lap(t0, "the swap that met the full disk: " + (mid.rc() == 0 ? "committed" : "not committed") + "\n"
                        + mid.out());
                List<String> violations = new ArrayList<>();
                var onDisk = DiskChecks.committedSet(data, "after the swap", violations);
                assertThat(violations).isEmpty();
                assertThat(onDisk == null ? 0 : onDisk.generation()).as("the committed set on the disk")
                        .isEqualTo(afterMid.get("generation").getAsLong());
                if (mid.rc() == 0) {
                    assertThat(mid.out()).contains("COMMITTED");
                    assertThat(afterMid.toString()).contains("2.0.0");
                } else {
                    assertThat(mid.out()).as("the swap's failure says the disk is full").contains("STORAGE_FULL");
                    assertThat(afterMid).as("a swap not acknowledged changes nothing").isEqualTo(committed);
                    assertThat(fx.console("deploy", later.toString(), "--dcu", DCU, "--timeout", "120"))
                            .contains("COMMITTED");
                }
                assertThat(fx.get(DCU, "software.list", "{}").getAsJsonObject("committed").toString()).contains("2.0.0");

                Conditions.await("both campaigns completed", Duration.ofSeconds(90)).until(() ->
                        completed(received, "main") && completed(received, "later"));
                lap(t0, "campaigns completed");
                Map<String, Set<String>> idsPerMeter = received.stream().filter(r -> "meter-result".equals(r.kind()))
                        .collect(Collectors.groupingBy(r -> text(r.data(), "campaign") + "/" + text(r.data(), "meterId"),
                                Collectors.mapping(Received::id, Collectors.toSet())));
                assertThat(idsPerMeter).as("a result of every meter of both campaigns").containsOnlyKeys(
                        "main/" + meters.get(0), "main/" + meters.get(1), "main/" + meters.get(2), "later/" + meters.get(3));
                idsPerMeter.forEach((meter, ids) -> assertThat(ids).as(meter + ": one event id").hasSize(1));
                assertThat(received.stream().filter(r -> "meter-result".equals(r.kind())).map(r -> text(r.data(), "state")))
                        .containsOnly("SUCCEEDED");
                fleet.meterIds().forEach(id -> assertThat(fleet.status(id).runningFirmware()).as(id).isEqualTo("2.0.0"));
                JsonObject verified = fx.get(DCU, "audit.verify", "{}");
                assertThat(verified.get("ok").getAsBoolean()).as(verified.toString()).isTrue();
                assertThat(dcu.terminate(Duration.ofSeconds(45))).as(dcu.output()).isZero();
            }
            List<String> violations = new ArrayList<>();
            assertThat(DiskChecks.databases(data, "after the run", violations)).isNotEmpty();
            DiskChecks.images(data, "after the run", violations);
            assertThat(violations).isEmpty();
        }
        lap(t0, "done");
    }

    private static Set<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (var s = Files.list(dir)) {
            return s.collect(Collectors.toSet());
        }
    }

    private static void lap(long t0, String what) {
        System.out.println("DiskFullE2EIT: " + what + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    private void createCampaign(String id, String firmware, String meters, String waves) {
        fx.console("campaign", "create", DCU, "--id", id, "--firmware", firmware, "--meters", meters, "--waves", waves,
                "--concurrency", "1", "--backoff", "0.5", "--max-backoff", "2");
    }

    private static void assertRefused(CampaignFixture.ConsoleRun run) {
        assertThat(run.rc()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("STORAGE_FULL").contains("reserve");
    }

    private String audit(String action) throws Exception {
        return fx.get(DCU, "audit.query", "{\"action\": \"" + action + "\", \"outcome\": \"REFUSED\"}")
                .getAsJsonArray("entries").toString();
    }

    /**
     * Writes {@code file} on the disk of {@code dir} until only {@code leave} bytes are free (another program's
     * writes); returns its size.
     */
    private static long fill(Path file, Path dir, long leave) throws IOException {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long free = Files.getFileStore(dir).getUsableSpace(); free - block.length > leave; free -= block.length) {
                out.write(block);
                written += block.length;
            }
        }
        return written;
    }

    private static boolean completed(List<Received> received, String campaign) {
        return received.stream().anyMatch(r -> "campaign".equals(r.kind()) && campaign.equals(text(r.data(), "campaign"))
                && "COMPLETED".equals(text(r.data(), "state")));
    }

    private static int count(JsonObject status, String state) {
        JsonObject counts = status.getAsJsonObject("counts");
        return counts.has(state) ? counts.get(state).getAsInt() : 0;
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
