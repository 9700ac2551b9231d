package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import gurux.dlms.enums.Authentication;
import gurux.dlms.enums.InterfaceType;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.emulator.console.CampaignWatcher;
import io.fums.interop.gurux.meter.GuruxMeter;
import io.fums.interop.gurux.meter.GuruxMeterConfig;
import io.fums.interop.gurux.meter.GuruxMeterImage;
import io.fums.interop.gurux.meter.GuruxMeterPty;
import io.fums.interop.gurux.meter.GuruxMeterServer;
import io.fums.testsupport.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real DCU distribution (its own process, the cloud link over TLS, keys provisioned through the console)
 * upgrades meters nobody here wrote: small meters on Gurux DLMS's server classes ({@link GuruxMeter}, module
 * interop/gurux-meter; nothing of Gurux ships on the DCU), in ONE campaign with a scheduled activation (issue 15):
 *
 * <ul>
 *   <li>{@code g-w128}: TCP wrapper, HLS-GMAC + security suite 0, image blocks of 128 octets, class 22;
 *   <li>{@code g-h200}: HDLC on a socat pty (the DCU's serial link through jSerialComm), HLS-GMAC + suite 0,
 *       blocks of 200 octets (each block's request in two 128-octet frames), class 22;
 *   <li>{@code g-w1024}: TCP wrapper, LLS (written in the inventory, reported insecure), blocks of 1024, class 22;
 *   <li>{@code g-nosched}: TCP wrapper, HLS-GMAC + suite 0, no activation schedule object (class 22).
 * </ul>
 *
 * <p>The DCU reads each meter periodically and discovers what it offers from its association object list
 * (block size, class 22); the campaign is created with {@code --at}: the meter without class 22 is left out at creation
 * (CANCELLED, {@code METER_NO_ACTIVATION_SCHEDULE}, docs/meter-upgrade.md), never contacted for the upgrade;
 * the three others are transferred and verified before the time, their activation schedule written (Gurux
 * parses the execution_time), and they activate at that time: each reports (through Gurux's encoding) the new
 * image verified and active, and the DCU reads 2.0.0 back (SUCCEEDED).
 *
 * <p>Then a second campaign over the mixed population (issue 15, firmware per component): two of the project's
 * emulated meters beside them, each with a core, a metrology and a communication module image
 * (1-0/1-1/1-2:0.2.0.255), and a package for the communication module for both device types. Every meter ends in
 * the state its capabilities allow, with the code docs/meter-upgrade.md promises: the four Gurux meters (a core
 * only; with and without class 22) are left out at creation, {@code METER_NO_COMPONENT}, never contacted; the
 * project's meters take the image into their communication module only (SUCCEEDED, 1-2:0.2.0.255 read back, core
 * and metrology untouched: MET-3), and {@code meters.list} reports each component's firmware.
 *
 * <p>Gurux deviations the DCU copes with here (docs/dlms.md, "Independent peer"):
 * <ol>
 *   <li>a GET-with-list naming an object the meter lacks (these meters have no export register 1-0:2.8.0.255)
 *       fails inside Gurux's server and comes back cut short: the periodic reading falls back to single GETs,
 *       learns what is missing, and the meter's readings carry the import register with the export as an error
 *       (also after capability discovery, which leaves the unlisted export out);
 *   <li>over HDLC Gurux's server agrees to a window of 7 but takes only I-frames with the poll bit set: the
 *       inventory gives this meter {@code "hdlc": {"window": 1, "maxInfoField": 128}} (docs/meters.md), and the
 *       200-octet blocks go in segments, one frame at a time;
 *   <li>Gurux's built-in image transfer does nothing on verify or activate: the meter's own behaviour
 *       (GuruxImageBehaviour) verifies the image's hash and activates at the scheduled time.
 * </ol>
 *
 * <p>One DCU process; the test takes 32-38 s (the class 53-69 s with its broker and unpacked distribution) on
 * 2 cores shared with a soak run, December 2026; the activation time is 14 s after the campaign's creation, and
 * the three meters were scheduled 9 s before it. With the mixed-population campaign (8 s of it): 36-39 s, the
 * class 47-55 s (2 cores shared by four sessions, December 2026).
 */
@Tag("SM-1")
@Tag("SM-2")
@Tag("SM-3")
@Tag("SM-4")
@Tag("SM-9")
@Tag("UC-5")
@Tag("SEC-2")
@Tag("SEC-5")
@Tag("CARD-4")
@Tag("MET-3")
class GuruxMeterCampaignE2EIT extends CampaignE2E {

    private static final String DEVICE_TYPE = "GRX-EM-1";
    private static final String LLS_PASSWORD = "gurux-lls";
    /** The DCU's (client's) system title towards the meters. */
    private static final String DCU_TITLE = "4644433030303031";
    private static final int IMAGE_SIZE = 4_000;
    private static final Duration TO_ACTIVATION = Duration.ofSeconds(14);

    @Test
    void theDcuUpgradesGuruxMetersOverTheWrapperAndHdlcWithBlocksOf128And200And1024AndLeavesOutTheOneWithoutClass22()
            throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
        long t0 = System.nanoTime();
        String dcuId = "DCU-E2E-GURUX";
        Path meterEnd = tmp.resolve("pty-meter");
        Path dcuEnd = tmp.resolve("pty-dcu");
        Process socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + meterEnd,
                "pty,raw,echo=0,link=" + dcuEnd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("socat.log").toFile()).start();
        Map<String, GuruxMeterConfig> configs = new LinkedHashMap<>();
        configs.put("g-w128", hls("GRX-W128", 1, 128, true));
        configs.put("g-h200", hls("GRX-H200", 2, 200, true));
        configs.put("g-w1024", new GuruxMeterConfig("GRX-W1024", "1.0.0", Authentication.LOW, LLS_PASSWORD, null, null,
                null, 1024, 2048, 1 << 20, true, 5000));
        configs.put("g-nosched", hls("GRX-NOSCHED", 4, 512, false));
        Map<String, GuruxMeter> meters = new LinkedHashMap<>();
        configs.forEach((id, c) -> meters.put(id, new GuruxMeter(c, Clock.systemUTC(),
                id.equals("g-h200") ? InterfaceType.HDLC : InterfaceType.WRAPPER)));
        List<AutoCloseable> running = new ArrayList<>();
        Map<String, Integer> ports = new HashMap<>();
        // the project's own meters beside them: a core, a metrology and a communication module image each
        MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "p", "count": 2, "idFormat": "p-%%d", "tcpPortBase": %d,
                            "components": {"metrology": "4.0.0", "communication": "7.0.0"}}]"""
                .formatted(MeterFleet.freePortBase(2)));
        running.add(fleet);
        try {
            Conditions.await("socat's ptys").until(() -> Files.exists(meterEnd) && Files.exists(dcuEnd));
            running.add(GuruxMeterPty.start(meters.get("g-h200"), meterEnd));
            for (String id : List.of("g-w128", "g-w1024", "g-nosched")) {
                GuruxMeterServer server = GuruxMeterServer.start(meters.get(id), 0);
                running.add(server);
                ports.put(id, server.port());
            }
            Path conf = conf(configs, ports, dcuEnd, fleet);
            byte[] image = GuruxMeterImage.build("2.0.0", IMAGE_SIZE, 15);
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", image, DEVICE_TYPE);
            try (DcuProcess dcu = fx.start(dcuId, tmp.resolve("data"), conf)) {
                long up = System.nanoTime();
                String firmware = fx.stage(dcuId, pkg);
                // the periodic reading copes with Gurux's GET-with-list (deviation 1): import read, export an error
                assertThat(Conditions.within(Duration.ofSeconds(25), Duration.ofMillis(500), () -> meterList(dcuId).values()
                        .stream().allMatch(m -> m.has("lastReadAt") && !m.get("lastReadAt").isJsonNull())))
                        .as("every meter read periodically; output:\n%s", dcu.output()).isTrue();
                for (String id : meters.keySet()) {
                    // meters.read identifies the meter now (device id) and gives its latest periodic reading
                    JsonObject read = fx.get(dcuId, "meters.read", "{\"meterId\": \"" + id + "\", \"limit\": 1}");
                    assertThat(read.getAsJsonObject("identity").get("deviceId").getAsString()).as(id)
                            .isEqualTo(configs.get(id).deviceId());
                    JsonObject values = read.getAsJsonArray("readings").get(0).getAsJsonObject().getAsJsonObject("values");
                    assertThat(values.get("1-0:1.8.0.255").getAsString()).as(id + " " + values).isEqualTo("5000 Wh");
                    assertThat(values.get("1-0:2.8.0.255").getAsString()).as(id + " " + values).startsWith("error: ");
                    assertThat(values.get("1-0:0.2.0.255").getAsString()).as(id).isEqualTo("1.0.0");
                }
                // what each offers, from Gurux's association object list (discovered after a periodic round)
                assertThat(Conditions.within(Duration.ofSeconds(20), Duration.ofMillis(500), () -> meterList(dcuId).values()
                        .stream().allMatch(m -> m.has("capabilities") && !m.get("capabilities").isJsonNull())))
                        .as("capabilities discovered: %s; output:\n%s", meterList(dcuId), dcu.output()).isTrue();
                Map<String, JsonObject> offers = meterList(dcuId);
                assertThat(offers.get("g-w1024").get("security").getAsString()).isEqualTo("low");
                assertThat(offers.get("g-w1024").get("insecure").getAsBoolean()).isTrue();
                assertThat(offers.get("g-h200").get("security").getAsString()).isEqualTo("high-gmac+suite0");
                configs.forEach((id, c) -> {
                    JsonObject caps = offers.get(id).getAsJsonObject("capabilities");
                    assertThat(caps).as(id + " capabilities discovered").isNotNull();
                    assertThat(caps.get("imageTransfer").getAsBoolean()).as(id).isTrue();
                    assertThat(caps.get("imageBlockSize").getAsInt()).as(id).isEqualTo(c.blockSize());
                    assertThat(caps.get("activationSchedule").getAsBoolean()).as(id).isEqualTo(c.activationSchedule());
                });

                long created0 = System.nanoTime();
                Instant at = Instant.now().plus(TO_ACTIVATION).truncatedTo(ChronoUnit.SECONDS);
                String created = fx.console("campaign", "create", dcuId, "--id", "gurux", "--firmware", firmware,
                        "--meters", String.join(",", meters.keySet()), "--at", at.toString(), "--waves", "rest",
                        "--concurrency", "3", "--max-attempts", "3", "--backoff", "0.5", "--max-backoff", "2");
                assertThat(created).as("the meter without class 22 left out at creation").contains("PENDING=3 CANCELLED=1");
                CampaignWatcher.Outcome out;
                try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, "gurux").start()) {
                    fx.console("campaign", "start", dcuId, "gurux");
                    Conditions.await("three meters verified and scheduled before the time", TO_ACTIVATION)
                            .pollInterval(Duration.ofMillis(500)).until(() -> {
                                JsonObject counts = fx.get(dcuId, "campaign.status", "{\"id\": \"gurux\"}")
                                        .getAsJsonObject("counts");
                                return counts.has("ACTIVATION_SCHEDULED") && counts.get("ACTIVATION_SCHEDULED").getAsInt() == 3;
                            });
                    System.out.printf("GuruxMeterCampaignE2EIT: read and discovered %d s after the DCU was up, three meters"
                            + " scheduled %d s before the activation time%n", Duration.ofNanos(created0 - up).toSeconds(),
                            Duration.between(Instant.now(), at).toSeconds());
                    assertThat(Instant.now()).isBefore(at);
                    meters.forEach((id, m) -> assertThat(m.firmware()).as(id + " before the time").isEqualTo("1.0.0"));
                    out = watcher.await(Duration.ofSeconds(60));
                }
                assertThat(out.state()).as(dcu.output()).isEqualTo("COMPLETED");
                Map<String, JsonObject> jobs = new HashMap<>();
                out.meters().forEach(j -> jobs.put(j.get("meterId").getAsString(), j));
                for (String id : List.of("g-w128", "g-h200", "g-w1024")) {
                    assertThat(jobs.get(id).get("state").getAsString()).as(id + " " + jobs.get(id)).isEqualTo("SUCCEEDED");
                    GuruxMeter m = meters.get(id);
                    assertThat(m.firmware()).as(id).isEqualTo("2.0.0");
                    assertThat(m.events()).as(id).containsSubsequence("initiate " + IMAGE_SIZE, "verify ok 2.0.0",
                            "schedule " + at, "activate 2.0.0 (scheduled)");
                    assertThat(fx.get(dcuId, "meters.read", "{\"meterId\": \"" + id + "\"}").getAsJsonObject("identity")
                            .get("firmwareIdentifier").getAsString()).as(id + " read back").isEqualTo("2.0.0");
                }
                assertThat(jobs.get("g-nosched").get("state").getAsString()).isEqualTo("CANCELLED");
                assertThat(jobs.get("g-nosched").get("errorCode").getAsString()).isEqualTo("METER_NO_ACTIVATION_SCHEDULE");
                assertThat(meters.get("g-nosched").events()).as("never contacted for the upgrade").isEmpty();
                assertThat(meters.get("g-nosched").firmware()).isEqualTo("1.0.0");
                assertThat(meters.get("g-h200").hdlcParameters()).as("the inventory's HDLC parameters")
                        .isEqualTo("info 128/128, window 1/1");
                mixedPopulationCommunicationModuleCampaign(dcuId, meters, fleet);
                assertThat(fx.get(dcuId, "audit.query", "{\"action\": \"meter.association\"}")
                        .getAsJsonArray("entries")).as("no association refused").isEmpty();
                System.out.printf("GuruxMeterCampaignE2EIT: %d s in all, %d s from the DCU up%n",
                        Duration.ofNanos(System.nanoTime() - t0).toSeconds(), Duration.ofNanos(System.nanoTime() - up).toSeconds());
            }
        } finally {
            socat.destroy();
            socat.waitFor();
            for (AutoCloseable c : running) {
                c.close();
            }
        }
    }

    /**
     * Issue 15, a campaign over the mixed population: a communication module package (component
     * {@code communication}, for both device types) to the project's meters with three components and to the Gurux
     * meters, with and without class 22, which have a core only. The Gurux meters are left out at creation
     * (CANCELLED, {@code METER_NO_COMPONENT}: their object lists name no 1-2:0.2.0.255) and never contacted; the
     * project meters take the image into their communication module, the DCU reads 1-2:0.2.0.255 back
     * (SUCCEEDED), their core and metrology images are untouched (MET-3), and meters.list shows each component.
     */
    private void mixedPopulationCommunicationModuleCampaign(String dcuId, Map<String, GuruxMeter> gurux, MeterFleet fleet)
            throws Exception {
        long t0 = System.nanoTime();
        List<String> project = List.of("p-1", "p-2");
        Map<String, JsonObject> listed = meterList(dcuId);
        for (String id : project) {
            assertThat(listed.get(id).getAsJsonObject("capabilities").getAsJsonArray("firmwareObjects").toString())
                    .as(id).contains("1-0:0.2.0.255", "1-1:0.2.0.255", "1-2:0.2.0.255");
        }
        byte[] image = MeterFleet.image("7.1.0", "communication", IMAGE_SIZE, 16);
        String firmware = fx.stage(dcuId, fx.keys.meterFirmware(tmp.resolve("pkg-comms"), "7.1.0", image,
                List.of("FUMS-EM-1", DEVICE_TYPE), FirmwareComponent.COMMUNICATION));
        Map<String, Integer> guruxEvents = new HashMap<>();
        gurux.forEach((id, m) -> guruxEvents.put(id, m.events().size()));
        List<String> all = new ArrayList<>(project);
        all.addAll(gurux.keySet());
        String created = fx.console("campaign", "create", dcuId, "--id", "comms", "--firmware", firmware,
                "--meters", String.join(",", all), "--waves", "rest", "--concurrency", "3", "--max-attempts", "3",
                "--backoff", "0.5", "--max-backoff", "2");
        assertThat(created).as("the Gurux meters, without a communication module, left out at creation")
                .contains("PENDING=2 CANCELLED=4");
        CampaignWatcher.Outcome out;
        try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, "comms").start()) {
            fx.console("campaign", "start", dcuId, "comms");
            out = watcher.await(Duration.ofSeconds(60));
        }
        assertThat(out.state()).isEqualTo("COMPLETED");
        Map<String, JsonObject> jobs = new HashMap<>();
        out.meters().forEach(j -> jobs.put(j.get("meterId").getAsString(), j));
        for (String id : project) {
            assertThat(jobs.get(id).get("state").getAsString()).as(id + " " + jobs.get(id)).isEqualTo("SUCCEEDED");
            var status = fleet.status(id);
            assertThat(status.components()).as(id).containsEntry("communication", "7.1.0")
                    .as("MET-3: the metrology image untouched").containsEntry("metrology", "4.0.0");
            assertThat(status.runningFirmware()).as(id + ": the core untouched").isEqualTo("1.0.0");
        }
        for (String id : gurux.keySet()) {
            assertThat(jobs.get(id).get("state").getAsString()).as(id).isEqualTo("CANCELLED");
            assertThat(jobs.get(id).get("errorCode").getAsString()).as(id).isEqualTo("METER_NO_COMPONENT");
            assertThat(gurux.get(id).events()).as(id + ": not contacted for the upgrade").hasSize(guruxEvents.get(id));
        }
        // the periodic reads report each component's firmware (meters.list "components")
        assertThat(Conditions.within(Duration.ofSeconds(20), Duration.ofMillis(500), () -> {
            Map<String, JsonObject> now = meterList(dcuId);
            return project.stream().allMatch(id -> {
                JsonObject c = now.get(id).getAsJsonObject("components");
                return c != null && c.has("communication") && "7.1.0".equals(c.get("communication").getAsString())
                        && "4.0.0".equals(c.get("metrology").getAsString()) && "1.0.0".equals(c.get("core").getAsString());
            });
        })).as("meters.list: %s", meterList(dcuId)).isTrue();
        System.out.printf("GuruxMeterCampaignE2EIT: mixed population, communication module campaign: %s in %d s%n",
                jobs.values().stream().map(j -> j.get("meterId").getAsString() + " " + j.get("state").getAsString()
                        + (j.has("errorCode") && !j.get("errorCode").isJsonNull() ? " " + j.get("errorCode").getAsString()
                        : "")).sorted().toList(), Duration.ofNanos(System.nanoTime() - t0).toSeconds());
    }

    /** An HLS-GMAC (suite 0) meter with its own system title and random keys. */
    private static GuruxMeterConfig hls(String deviceId, int n, int blockSize, boolean schedule) {
        SecureRandom random = new SecureRandom();
        byte[] ek = new byte[16];
        byte[] ak = new byte[16];
        random.nextBytes(ek);
        random.nextBytes(ak);
        return GuruxMeterConfig.hlsGmac(deviceId, HexFormat.of().parseHex("475258000000000" + n), ek, ak, blockSize,
                schedule);
    }

    /**
     * The distribution's conf with the Gurux meters' inventory (no key in it: the HLS meters' keys go to the
     * console's keys file, provisioned by {@link CampaignFixture#start}), the pty's serial link, reads every 5 s.
     */
    private Path conf(Map<String, GuruxMeterConfig> configs, Map<String, Integer> ports, Path dcuEnd, MeterFleet fleet)
            throws Exception {
        Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 5, 115_200);
        List<String> entries = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(Files.readString(conf.resolve("meters.json"))).getAsJsonObject()
                .getAsJsonArray("meters")) {
            entries.add(e.toString()); // the project's meters, as the emulator exports them
        }
        List<String> keys = new ArrayList<>(Files.exists(MeterFleet.keysFile(conf))
                ? Files.readAllLines(MeterFleet.keysFile(conf)) : List.of());
        HexFormat hex = HexFormat.of();
        configs.forEach((id, c) -> {
            String where = ports.containsKey(id) ? "\"tcp\": \"127.0.0.1:" + ports.get(id) + "\""
                    : "\"link\": \"gurux-pty\", \"hdlcAddress\": 17, \"hdlc\": {\"window\": 1, \"maxInfoField\": 128}";
            String security = c.authentication() == Authentication.LOW
                    ? "{\"authentication\": \"low\", \"password\": \"" + LLS_PASSWORD + "\"}"
                    : "{\"authentication\": \"high-gmac\", \"ciphering\": true, \"keyRef\": \"store\", \"systemTitle\": \""
                            + DCU_TITLE + "\"}";
            entries.add("{\"id\": \"" + id + "\", \"deviceType\": \"" + DEVICE_TYPE + "\", " + where + ", \"security\": "
                    + security + "}");
            if (c.authentication() == Authentication.HIGH_GMAC) {
                keys.add(id + " " + hex.formatHex(c.encryptionKey()) + " " + hex.formatHex(c.authenticationKey()));
            }
        });
        Files.writeString(conf.resolve("meters.json"), "{\"links\": [{\"id\": \"gurux-pty\", \"type\": \"serial\"}],\n"
                + " \"meters\": [\n  " + String.join(",\n  ", entries) + "]}\n");
        Files.write(MeterFleet.keysFile(conf), keys);
        Files.writeString(conf.resolve("config/io.fums.link.serial~gurux-pty.json"),
                "{\"link.name\": \"gurux-pty\", \"port\": \"" + dcuEnd + "\", \"baudRate\": 115200}\n");
        Files.writeString(conf.resolve("config/io.fums.meter.reading.json"),
                "{\"readIntervalSeconds\": 5, \"readTimeoutSeconds\": 10}\n");
        Files.writeString(conf.resolve("config/io.fums.meter.upgrade.json"),
                "{\"pollIntervalMillis\": 100, \"pollTimeoutSeconds\": 60}\n");
        return conf;
    }

    /** meters.list's entries by meter id. */
    private Map<String, JsonObject> meterList(String dcuId) throws Exception {
        Map<String, JsonObject> list = new HashMap<>();
        for (JsonElement m : fx.get(dcuId, "meters.list", "{}").getAsJsonArray("meters")) {
            list.put(m.getAsJsonObject().get("meterId").getAsString(), m.getAsJsonObject());
        }
        return list;
    }
}
