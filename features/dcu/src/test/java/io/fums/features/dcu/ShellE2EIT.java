package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The technician on site (issue 18): the real distribution runs as a service would (bin/fums-dcu in the background,
 * no console, its cloud link on the embedded broker, two emulated meters); a technician attaches with
 * {@code bin/fums-dcu shell} (commands on its stdin, as sudo leaves SUDO_USER), reads a meter now, pauses and resumes
 * a campaign, installs a signed package from a file, and finds each action in the audit log, through the shell's
 * {@code audit query} and in the DCU's store.
 */
@Tag("SEC-9")
@Tag("UMS-3")
@Tag("CARD-1")
@Tag("CARD-4")
class ShellE2EIT extends CampaignE2E {

    private static final String DCU = "DCU-E2E-SHELL";
    private static final String TECHNICIAN = "technician:tech1@shell";

    @Test
    void aTechnicianAttachedToTheRunningDcuReadsAMeterPausesAndResumesACampaignInstallsAPackageAndFindsItAllAudited()
            throws Exception {
        int base = MeterFleet.freePortBase(2);
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "s", "count": 2, "tcpPortBase": %d}]
                """.formatted(base))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 60, 9600);
            Path data = tmp.resolve("data");
            Path firmwarePkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 4 * 1024, 7));
            Path leaf = fx.keys.leafFeature(tmp.resolve("pkg"), "1.0.0", "leaf-v1", "");
            try (DcuProcess dcu = fx.start(DCU, data, conf)) {
                String firmware = fx.stage(DCU, firmwarePkg);
                // activation an hour ahead: the campaign stays RUNNING while the technician works
                Instant at = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
                fx.console("campaign", "create", DCU, "--id", "shell-fw", "--firmware", firmware, "--device-type", "FUMS-EM-1",
                        "--at", at.toString(), "--waves", "rest", "--concurrency", "1");
                fx.console("campaign", "start", DCU, "shell-fw");

                Instant before = Instant.now();
                Shell shell = shell(dcu, data, """
                        help campaign
                        health
                        cloud
                        meters list
                        meters read s-00001
                        meter s-00001
                        campaign pause shell-fw
                        campaign resume shell-fw
                        campaign status shell-fw
                        install %s
                        software list
                        frobnicate
                        audit query --actor tech1 --limit 20
                        audit verify
                        quit
                        """.formatted(leaf));
                Duration took = Duration.between(before, Instant.now());
                String out = shell.out;
                System.out.println("fums-dcu shell ran " + took.toMillis() + " ms; its transcript:\n" + out);
                assertThat(out).as("the technician's transcript (%s):%n%s%nDCU log:%n%s", took, out, dcu.output())
                        .contains("You are " + TECHNICIAN + " (peer user ")
                        .contains("example: campaign pause fw-2-0-0")
                        .contains("cloud link: connected")
                        .contains("outbox depth: ")
                        .containsPattern("s-00001\\s+FUMS-EM-1")
                        .containsPattern("meter s-00001 read at \\S+\\n\\s+1-0:1\\.8\\.0\\.255\\s+energy import\\s+\\d")
                        .contains("security:     high-gmac+suite0")
                        .containsPattern("paused: shell-fw\\s+PAUSED")
                        .containsPattern("resumed: shell-fw\\s+RUNNING")
                        .containsPattern("swap \\S+: COMMITTED")
                        .contains("feature leaf 1.0.0")
                        .contains("frobnicate: CMD_UNKNOWN: no command 'frobnicate'; type help for the list")
                        .contains("audit chain intact: ")
                        .doesNotContain("\tat ")
                        .doesNotContain(" INFO ").doesNotContain(" WARN ");
                // the shell's own audit query lists each action with the technician
                String audited = out.substring(out.indexOf("fums> audit query"));
                for (String action : List.of("shell.meters.read", "shell.campaign.pause", "shell.campaign.resume",
                        "shell.install", "shell.refused")) {
                    assertThat(audited).as(action).contains(TECHNICIAN + " " + action + " ");
                }
                assertThat(shell.rc).as("exit code: the unknown command was refused; stderr: %s", shell.err).isEqualTo(1);
                assertThat(dcu.terminate(CampaignFixture.UP)).isZero();
            }
            // and in the DCU's store: the technician's entries, and the services' own entries of the same actions
            try (ClosableDatabase db = Stores.openDatabase(data)) {
                AuditLog audit = Stores.auditLog(db, Clock.systemUTC());
                assertThat(audit.verify().ok()).isTrue();
                List<AuditEntry> all = audit.query(AuditQuery.builder().limit(10_000).build());
                for (String action : List.of("shell.session.open", "shell.meters.read", "shell.campaign.pause",
                        "shell.campaign.resume", "shell.install", "shell.session.close")) {
                    assertThat(all).as(action).anySatisfy(e -> {
                        assertThat(e.action()).isEqualTo(action);
                        assertThat(e.actor()).isEqualTo(TECHNICIAN);
                        assertThat(e.outcome().name()).isEqualTo("OK");
                    });
                }
                assertThat(all).filteredOn(e -> e.action().equals("shell.install")).singleElement()
                        .satisfies(e -> assertThat(e.detailJson()).contains(leaf.toString()).contains("\"sha256\":\""));
                assertThat(all).extracting(AuditEntry::action).contains("campaign.pause", "campaign.resume", "software.swap");
            }
        }
    }

    /** What the shell client printed and its exit code. */
    private record Shell(String out, String err, int rc) {
    }

    /** Runs {@code bin/fums-dcu shell} as a technician after sudo (SUDO_USER=tech1), the script on its stdin. */
    private Shell shell(DcuProcess dcu, Path data, String script) throws Exception {
        Path out = tmp.resolve("shell.out");
        Path err = tmp.resolve("shell.err");
        ProcessBuilder pb = new ProcessBuilder(dcu.home().resolve("bin/fums-dcu").toString(), "shell", "--data", data.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("FUMS_DATA");
        pb.environment().put("SUDO_USER", "tech1");
        Process p = pb.start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(script.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("fums-dcu shell did not end; output:\n" + Files.readString(out));
        }
        return new Shell(Files.readString(out), Files.readString(err), p.exitValue());
    }
}
