package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceType;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.MeterSelector;
import io.fums.meter.upgrade.RolloutPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Argument parsing of the firmware, campaign and meters commands (no broker needed). */
class CampaignCommandsTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void createWithMetersAWindowAndAFullRollout() throws Exception {
        CampaignCommand.Create c = parse(CampaignCommand.Create.class, "campaign", "create", "DCU-1", "--id", "fw-2",
                "--firmware", SHA.toUpperCase(), "--meters", "m-1,m-2,m-3", "--window", "2:00-04:30", "--waves", "1,10%,rest",
                "--concurrency", "2", "--max-attempts", "4", "--error-threshold", "3", "--backoff", "1.5", "--max-backoff", "60");
        assertThat(c.dcu).isEqualTo("DCU-1");
        assertThat(c.spec()).isEqualTo(new CampaignSpec("fw-2", SHA, List.of("m-1", "m-2", "m-3"), null,
                ActivationPolicy.window(LocalTime.of(2, 0), LocalTime.of(4, 30)),
                new RolloutPolicy(List.of("1", "10%", "rest"), 2, 4, Duration.ofMillis(1500), Duration.ofSeconds(60), "3")));
    }

    @Test
    void createWithASelectorAndAnActivationTimeTakesTheDefaultRollout() throws Exception {
        CampaignCommand.Create c = parse(CampaignCommand.Create.class, "campaign", "create", "DCU-1", "--id", "fw-2",
                "--firmware", SHA, "--device-type", "FUMS-EM-1", "--running", "1.0.0", "--at", "2026-11-25T02:00:00Z");
        assertThat(c.spec()).isEqualTo(new CampaignSpec("fw-2", SHA, List.of(),
                new MeterSelector(DeviceType.of("FUMS-EM-1"), "1.0.0"), ActivationPolicy.at(Instant.parse("2026-11-25T02:00:00Z")),
                RolloutPolicy.defaults()));
        CampaignCommand.Create now = parse(CampaignCommand.Create.class, "campaign", "create", "DCU-1", "--id", "x",
                "--firmware", SHA, "--device-type", "FUMS-EM-1");
        assertThat(now.spec().activation()).isEqualTo(ActivationPolicy.immediately());
        assertThat(now.spec().selector().firmwareIdentifier()).isNull();
    }

    @Test
    void contradictoryOrInvalidCreateOptionsAreUsageErrors() {
        String[] base = {"campaign", "create", "DCU-1", "--id", "fw-2", "--firmware", SHA, "-b", "tcp://127.0.0.1:1"};
        assertUsage(join(base, "--meters", "a", "--device-type", "T"), "mutually exclusive");
        assertUsage(join(base, "--running", "1.0.0"), "--device-type");
        assertUsage(join(base), "--meters");
        assertUsage(join(base, "--meters", "a", "--at", "2026-11-25T02:00:00Z", "--window", "02:00-04:00"), "mutually exclusive");
        assertUsage(join(base, "--meters", "a", "--window", "2-4"), "--window must be HH:MM-HH:MM");
        assertUsage(join(base, "--meters", "a", "--window", "25:00-04:00"), "campaign create");
        assertUsage(join(base, "--meters", "a", "--waves", "0,rest"), "wave '0'");
        assertUsage(join(base, "--meters", "a,a"), "listed twice");
        assertUsage(join(base, "--meters", "a", "--error-threshold", "lots"), "errorThreshold 'lots'");
        assertUsage(join(base, "--meters", "a", "--concurrency", "0"), "concurrencyPerLink");
        assertUsage(new String[] {"campaign", "create", "DCU-1", "--id", "bad id", "--firmware", SHA, "--meters", "a"},
                "campaign id");
        assertUsage(new String[] {"campaign", "create", "DCU-1", "--id", "x", "--firmware", "abc", "--meters", "a"}, "SHA-256");
        assertUsage(join(base, "--meters", "a", "--at", "tomorrow"), "--at: not RFC 3339 UTC");
    }

    @Test
    void stateChangingCampaignCommandsAreSignedAndReadOnlyOnesAreNot() {
        for (String op : List.of("start", "pause", "resume", "cancel")) {
            ConsoleRun r = ConsoleRun.of("campaign", op, "DCU-1", "fw-2", "-b", "tcp://127.0.0.1:1");
            assertThat(r.rc()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("--operator-key");
        }
        ConsoleRun create = ConsoleRun.of("campaign", "create", "DCU-1", "--id", "x", "--firmware", SHA, "--meters", "a",
                "-b", "tcp://127.0.0.1:1");
        assertThat(create.rc()).isEqualTo(2);
        assertThat(create.err()).contains("--operator-key");
        ConsoleRun status = ConsoleRun.of("campaign", "status", "DCU-1", "-b", "tcp://127.0.0.1:1");
        assertThat(status.rc()).as("read-only: gets as far as connecting").isEqualTo(3);
        assertThat(ConsoleRun.of("meters", "list", "DCU-1", "-b", "tcp://127.0.0.1:1").rc()).isEqualTo(3);
        assertThat(ConsoleRun.of("firmware", "list", "DCU-1", "-b", "tcp://127.0.0.1:1").rc()).isEqualTo(3);
        ConsoleRun noFile = ConsoleRun.of("firmware", "stage", "DCU-1", "/no/such/fw.zip", "-b", "tcp://127.0.0.1:1");
        assertThat(noFile.rc()).isEqualTo(3);
        assertThat(noFile.err()).contains("no such package file");
    }

    @Test
    void positionalsAndOptionsOfTheOtherCommands() {
        CampaignCommand.Status all = parse(CampaignCommand.Status.class, "campaign", "status", "DCU-1");
        assertThat(all.id).isNull();
        CampaignCommand.Status one = parse(CampaignCommand.Status.class, "campaign", "status", "DCU-1", "fw-2", "--json");
        assertThat(one.id).isEqualTo("fw-2");
        assertThat(one.json).isTrue();
        CampaignCommand.Pause pause = parse(CampaignCommand.Pause.class, "campaign", "pause", "DCU-1", "fw-2");
        assertThat(pause.operation()).isEqualTo("campaign.pause");
        assertThat(pause.id).isEqualTo("fw-2");
        CampaignCommand.History h = parse(CampaignCommand.History.class, "campaign", "history", "DCU-1", "fw-2", "m-7");
        assertThat(h.meterId).isEqualTo("m-7");
        CampaignWatchCommand w = parse(CampaignWatchCommand.class, "campaign", "watch", "DCU-1", "fw-2", "--progress", "plain",
                "--group", "ops", "--max-time", "600", "--no-durations");
        assertThat(w.display).isEqualTo(CampaignWatchCommand.Display.plain);
        assertThat(w.group).isEqualTo("ops");
        assertThat(w.maxSeconds).isEqualTo(600);
        assertThat(w.noDurations).isTrue();
        CampaignWatchCommand defaults = parse(CampaignWatchCommand.class, "campaign", "watch", "DCU-1", "fw-2");
        assertThat(defaults.display).isEqualTo(CampaignWatchCommand.Display.auto);
        assertThat(defaults.group).isNull();
        assertThat(defaults.pollSeconds).isEqualTo(10);
        MetersCommand.Read read = parse(MetersCommand.Read.class, "meters", "read", "DCU-1", "m-1", "--limit", "5");
        assertThat(read.meterId).isEqualTo("m-1");
        assertThat(read.limit).isEqualTo(5);
        MetersCommand.ListMeters list = parse(MetersCommand.ListMeters.class, "meters", "list", "DCU-1", "--device-type", "T");
        assertThat(list.deviceType).isEqualTo("T");
        FirmwareCommand.Stage stage = parse(FirmwareCommand.Stage.class, "firmware", "stage", "DCU-1", "fw.zip",
                "--advertise-host", "10.0.0.5", "--http-port", "8080");
        assertThat(stage.serve.advertiseHost).isEqualTo("10.0.0.5");
        assertThat(stage.serve.httpPort).isEqualTo(8080);
        assertThat(ConsoleRun.of("campaign").rc()).isEqualTo(2);
        assertThat(ConsoleRun.of("campaign", "watch", "DCU-1").rc()).isEqualTo(2);
        assertThat(ConsoleRun.of("meters", "read", "DCU-1").rc()).isEqualTo(2);
    }

    private static <T> T parse(Class<T> type, String... args) {
        CommandLine cl = FumsConsole.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        ParseResult p = cl.parseArgs(args);
        while (p.hasSubcommand()) {
            p = p.subcommand();
        }
        return type.cast(p.commandSpec().userObject());
    }

    private static void assertUsage(String[] args, String message) {
        ConsoleRun r = ConsoleRun.of(args);
        assertThat(r.rc()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).contains(message);
    }

    private static String[] join(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
