package io.fums.emulator.console.fleet;

import io.fums.emulator.console.Table;
import com.google.gson.JsonObject;
import io.fums.api.device.DeviceType;
import io.fums.api.error.FumsException;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.pkg.ManifestCodec;
import io.fums.crypto.pkg.PackageArchive;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.emulator.console.ConsoleException;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.Response;
import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.emulator.console.fleet.FleetStore.RolloutDcu;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.MeterSelector;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.json.CampaignSpecJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Fleet rollouts: create, start, pause, resume, cancel, exclude a DCU, status, watch (docs/console-fleet.md). */
@Command(name = "rollout", description = "Roll meter firmware or DCU software out across the fleet, in DCU waves.",
        subcommands = {RolloutCommand.Create.class, RolloutCommand.Start.class, RolloutCommand.Resume.class,
            RolloutCommand.Pause.class, RolloutCommand.Cancel.class, RolloutCommand.Exclude.class,
            RolloutCommand.Status.class, RolloutWatch.class})
final class RolloutCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "give a subcommand: create, start, pause, resume, cancel, exclude, status or watch");
    }

    @Command(name = "create", description = {"Create a rollout (state CREATED): the package, the DCUs the selector "
        + "takes now, their waves and thresholds.", "Shows the package's release notes and compatible device types "
        + "(UC-1), then asks to confirm (or --yes)."})
    static final class Create extends FleetBase {

        @Parameters(index = "0", paramLabel = "ID", description = "the rollout id (1 to 40 of [A-Za-z0-9._-])")
        String id;

        @Option(names = "--package", required = true, paramLabel = "FILE",
                description = "the signed package (fums-pkg): meter-firmware or dcu-software")
        Path packageFile;

        @Mixin
        FleetCommand.SelectorOptions select;

        @Option(names = "--waves", defaultValue = "1,25%,rest", paramLabel = "WAVE[,WAVE...]",
                description = "DCU waves: a count (canary), a percentage, rest (default: ${DEFAULT-VALUE})")
        String waves;

        @Option(names = "--max-parallel", defaultValue = "10", paramLabel = "N",
                description = "DCUs in work at once at most (default: ${DEFAULT-VALUE})")
        int maxParallel;

        @Option(names = "--max-failed-dcus", defaultValue = "20%", paramLabel = "N|P%",
                description = "failed DCUs among those started that pause the rollout (default: ${DEFAULT-VALUE})")
        String maxFailedDcus;

        @Option(names = "--max-failed-meters", defaultValue = "20%", paramLabel = "N|P%",
                description = "failed meters among those of the DCUs started that pause it (default: ${DEFAULT-VALUE})")
        String maxFailedMeters;

        @Option(names = "--offline-deadline", defaultValue = "3600", paramLabel = "SECONDS",
                description = "how long a DCU offline when its wave starts is waited for (default: ${DEFAULT-VALUE})")
        long offlineDeadline;

        @Option(names = "--meter-waves", defaultValue = "1,10%,rest", paramLabel = "WAVE[,WAVE...]",
                description = "meter firmware: the meter waves of each DCU's campaign (default: ${DEFAULT-VALUE})")
        String meterWaves;

        @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N",
                description = "meter firmware: meters upgraded at once per link on a DCU (default: ${DEFAULT-VALUE})")
        int concurrency;

        @Option(names = "--max-attempts", defaultValue = "3", paramLabel = "N",
                description = "meter firmware: tries of one step before a meter fails (default: ${DEFAULT-VALUE})")
        int maxAttempts;

        @Option(names = "--error-threshold", defaultValue = "20%", paramLabel = "N|P%",
                description = "meter firmware: failures in a meter wave that pause a DCU's campaign (default: "
                        + "${DEFAULT-VALUE})")
        String errorThreshold;

        @Option(names = {"-y", "--yes"}, description = "create without asking")
        boolean yes;

        @Option(names = "--wait", paramLabel = "MILLIS", defaultValue = "1500",
                description = "how long to collect retained states (default: ${DEFAULT-VALUE})")
        long waitMillis;

        @Override
        int run() throws Exception {
            if (!RolloutSpec.ID.matcher(id).matches()) {
                throw new ConsoleException(2, "rollout id '" + id + "': 1 to 40 of [A-Za-z0-9._-], starting with a "
                        + "letter or digit");
            }
            FleetSelector selector = select.selector();
            Path file = packageFile.toAbsolutePath();
            PackageManifest m = manifest(file);
            boolean firmware = m.kind() == PackageKind.METER_FIRMWARE;
            List<String> compatible = m.compatibleDeviceTypes().stream().map(DeviceType::value).toList();
            JsonObject campaign = null;
            String sha256 = sha256(file);
            if (firmware) {
                if (selector.deviceType() == null) {
                    throw new ConsoleException(2, "a meter-firmware rollout needs --device-type (one of the package's "
                            + "compatible device types: " + String.join(", ", compatible) + ")");
                }
                if (!compatible.contains(selector.deviceType())) {
                    throw new ConsoleException(2, "--device-type " + selector.deviceType() + " is not among the "
                            + "package's compatible device types: " + String.join(", ", compatible) + " (UC-1)");
                }
                RolloutPolicy d = RolloutPolicy.defaults();
                CampaignSpec c = new CampaignSpec(RolloutSpec.campaignId(id), sha256, null,
                        new MeterSelector(DeviceType.of(selector.deviceType()), selector.firmware()),
                        ActivationPolicy.immediately(), new RolloutPolicy(List.of(meterWaves.split(",")), concurrency,
                        maxAttempts, d.backoff(), d.maxBackoff(), errorThreshold));
                campaign = CampaignSpecJson.toJson(c);
            }
            RolloutSpec spec = new RolloutSpec(id, firmware ? RolloutSpec.METER_FIRMWARE : RolloutSpec.DCU_SOFTWARE,
                    file.toString(), sha256, Files.size(file), m.name(), m.version().toString(), compatible,
                    m.releaseNotes().newFunctions(), m.releaseNotes().fixedProblems(), campaign, selector, waves,
                    maxParallel, maxFailedDcus, maxFailedMeters, offlineDeadline);
            if (store().rollout(id).isPresent()) {
                throw new ConsoleException(2, "rollout '" + id + "' exists already; give another id");
            }
            List<String> dcus = new ArrayList<>();
            for (FleetDcu dcu : FleetCommand.inventory(client(), store(), Duration.ofMillis(waitMillis))) {
                if (selector.matches(dcu)) {
                    dcus.add(dcu.id());
                }
            }
            if (dcus.isEmpty()) {
                throw new ConsoleException(1, "no DCU matches " + selector.describe() + "; see fums-console fleet list");
            }
            List<Integer> assigned = spec.wavePlan().assign(dcus.size());
            describe(spec, dcus, assigned);
            if (!yes && !confirmed()) {
                out().println("not created");
                return 1;
            }
            if (!store().create(spec, dcus, assigned)) {
                throw new ConsoleException(2, "rollout '" + id + "' exists already; give another id");
            }
            out().println("rollout " + id + " created (CREATED); start it with: fums-console fleet rollout start " + id);
            return 0;
        }

        private void describe(RolloutSpec s, List<String> dcus, List<Integer> waves) {
            out().println("package   " + s.name() + " " + s.version() + " (" + s.kind() + ", sha256 "
                    + s.packageSha256().substring(0, 16) + "..., " + s.packageSize() + " bytes)");
            out().println("compatible device types: " + String.join(", ", s.compatible()));
            out().println("release notes:");
            s.newFunctions().forEach(f -> out().println("  new:   " + f));
            s.fixedProblems().forEach(f -> out().println("  fixed: " + f));
            if (s.newFunctions().isEmpty() && s.fixedProblems().isEmpty()) {
                out().println("  (none)");
            }
            out().println("DCUs      " + dcus.size() + " (" + s.selector().describe() + ") in waves " + s.waves()
                    + ", at most " + s.maxParallel() + " at once");
            Map<Integer, List<String>> byWave = new TreeMap<>();
            for (int i = 0; i < dcus.size(); i++) {
                byWave.computeIfAbsent(waves.get(i), w -> new ArrayList<>()).add(dcus.get(i));
            }
            byWave.forEach((w, l) -> out().println("  wave " + w + ": " + (l.size() > 12
                    ? String.join(" ", l.subList(0, 12)) + " and " + (l.size() - 12) + " more" : String.join(" ", l))));
            out().println("pauses at " + s.maxFailedDcus() + " failed DCUs or " + s.maxFailedMeters()
                    + " failed meters of those started; an offline DCU is waited for " + s.offlineDeadlineSeconds() + " s");
            out().flush();
        }

        private boolean confirmed() throws IOException {
            out().print("create this rollout? [y/N] ");
            out().flush();
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line != null && (line.strip().equalsIgnoreCase("y") || line.strip().equalsIgnoreCase("yes"));
        }

        private static PackageManifest manifest(Path file) throws ConsoleException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                return ManifestCodec.parse(PackageArchive.open(ch, PackageLimits.DEFAULTS).manifestBytes());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ConsoleException(3, "no such package file: " + file);
            } catch (IOException e) {
                throw new ConsoleException(3, "cannot read " + file + ": " + e.getMessage(), e);
            } catch (FumsException e) {
                throw new ConsoleException(2, file + " is not a package: " + e.code() + " " + e.getMessage(), e);
            }
        }

        static String sha256(Path file) throws Exception {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest()).toLowerCase(Locale.ROOT);
        }
    }

    /** Options of the commands that drive a rollout. */
    static final class DriveOptions {
        @Option(names = {"-g", "--group"}, defaultValue = "fums-fleet",
                description = "shared subscription group of the event workers (default: ${DEFAULT-VALUE})")
        String group;

        @Option(names = "--name", description = "this worker's name in the store (default: driver-<random>)")
        String name;

        @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "5",
                description = "how often a campaign in work is asked for its status (default: ${DEFAULT-VALUE})")
        long pollSeconds;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "how long to wait for a DCU's answer (default: ${DEFAULT-VALUE}; staging and "
                        + "software.apply: 900)")
        long timeoutSeconds;

        @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "300",
                description = "validity of each signed request (default: ${DEFAULT-VALUE})")
        long ttlSeconds;

        @Option(names = "--advertise-host", defaultValue = "127.0.0.1",
                description = "host name or address the DCUs use to fetch the package (default: ${DEFAULT-VALUE})")
        String advertiseHost;

        @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address the package's HTTP server "
                + "listens on (default: ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--http-port", defaultValue = "0", description = "HTTP port (default: any free port)")
        int httpPort;

        RolloutDriver.Settings settings() {
            return new RolloutDriver.Settings(name != null ? name : "driver-" + ProcessHandle.current().pid(), group,
                    Duration.ofSeconds(Math.max(1, pollSeconds)), Duration.ofSeconds(timeoutSeconds),
                    Duration.ofSeconds(900), Duration.ofSeconds(ttlSeconds), bind, httpPort, advertiseHost);
        }
    }

    /** start and resume: move the rollout to RUNNING and drive it here until it ends or pauses. */
    abstract static class Drive extends FleetBase {
        @Parameters(index = "0", paramLabel = "ID", description = "the rollout id")
        String id;

        @Mixin
        DriveOptions drive;

        abstract Set<String> from();

        @Override
        int run() throws Exception {
            FleetStore.Rollout r = rollout(id);
            OperatorKey key = key();
            if (!r.state().equals(FleetStore.RUNNING)
                    && !store().transition(id, from(), FleetStore.RUNNING, null)) {
                throw new ConsoleException(2, "rollout " + id + " is " + r.state() + (from().contains(FleetStore.PAUSED)
                        ? ", not PAUSED" : ", not CREATED (resume a paused one)"));
            }
            String end;
            try (RolloutDriver driver = new RolloutDriver(client(), key, store(), clock, drive.settings(), out())) {
                end = driver.drive(id);
            }
            r = rollout(id);
            out().println(RolloutView.header(r));
            RolloutView.waves(store().dcus(id), store().counts(id)).forEach(out()::println);
            RolloutView.table(out(), store().dcus(id), store().counts(id));
            boolean failures = store().dcus(id).stream().anyMatch(d -> d.state() == DcuState.FAILED);
            return end.equals(FleetStore.COMPLETED) && !failures ? 0 : 1;
        }
    }

    @Command(name = "start", description = {"Start a CREATED rollout and drive it here until it completes, is cancelled,",
        "or pauses with no DCU left in work. On a RUNNING rollout (its console was stopped or killed), drives it again:",
        "what the store and the DCUs' own campaigns say was started is followed, not started again."})
    static final class Start extends Drive {
        @Override
        Set<String> from() {
            return Set.of(FleetStore.CREATED);
        }
    }

    @Command(name = "resume", description = "Resume a PAUSED rollout and drive it here (as start).")
    static final class Resume extends Drive {
        @Override
        Set<String> from() {
            return Set.of(FleetStore.PAUSED);
        }
    }

    @Command(name = "pause", description = {"Pause a rollout: no further DCU is started (the DCUs in work finish).",
        "Its driver stops once they have; resume drives it again."})
    static final class Pause extends FleetBase {
        @Parameters(index = "0", paramLabel = "ID", description = "the rollout id")
        String id;

        @Override
        int run() throws Exception {
            FleetStore.Rollout r = rollout(id);
            if (!store().transition(id, Set.of(FleetStore.RUNNING, FleetStore.CREATED), FleetStore.PAUSED,
                    "paused by the operator")) {
                throw new ConsoleException(2, "rollout " + id + " is " + r.state() + ", not RUNNING");
            }
            out().println("rollout " + id + " PAUSED");
            return 0;
        }
    }

    @Command(name = "cancel", description = {"Cancel a rollout: DCUs not started are not started; the campaigns in work",
        "are cancelled on their DCUs (signed campaign.cancel)."})
    static final class Cancel extends FleetBase {
        @Parameters(index = "0", paramLabel = "ID", description = "the rollout id")
        String id;

        @Override
        int run() throws Exception {
            FleetStore.Rollout r = rollout(id);
            OperatorKey key = r.spec().firmware() ? key() : null;
            if (!store().transition(id, Set.of(FleetStore.CREATED, FleetStore.RUNNING, FleetStore.PAUSED),
                    FleetStore.CANCELLED, "cancelled by the operator")) {
                throw new ConsoleException(2, "rollout " + id + " is " + r.state());
            }
            int rc = 0;
            for (RolloutDcu d : store().dcus(id)) {
                if (d.state() == DcuState.PENDING || d.state() == DcuState.WAITING) {
                    store().dcuTransition(id, d.dcuId(), EnumSet.of(d.state()), DcuState.CANCELLED, null,
                            "the rollout was cancelled", null, null);
                } else if (d.state().inWork()) {
                    if (key != null) {
                        Response c = cancelCampaign(this, key, d.dcuId(), id);
                        rc = Math.max(rc, c.ok() ? 0 : 1);
                        out().println(d.dcuId() + ": campaign.cancel " + c.status() + " " + c.code());
                    }
                    store().dcuTransition(id, d.dcuId(), EnumSet.of(d.state()), DcuState.CANCELLED, null,
                            "the rollout was cancelled", null, null);
                }
            }
            out().println("rollout " + id + " CANCELLED");
            return rc;
        }
    }

    /** Records the meter jobs of a campaign's status that are final (once each, as the driver's polls do). */
    static void recordFinalJobs(FleetStore store, String rolloutId, String dcu, JsonObject campaign, String worker)
            throws FumsException {
        if (!campaign.has("meters") || !campaign.get("meters").isJsonArray()) {
            return;
        }
        for (var e : campaign.getAsJsonArray("meters")) {
            JsonObject job = e.getAsJsonObject();
            String state = FleetEvents.text(job, "state");
            if (Set.of("SUCCEEDED", "REVERTED", "CANCELLED").contains(state)) {
                store.recordResult(new FleetStore.MeterResult(rolloutId, dcu, RolloutSpec.campaignId(rolloutId),
                        FleetEvents.text(job, "meterId"), state, FleetEvents.text(job, "errorCode"),
                        FleetEvents.text(job, "message"), FleetEvents.text(job, "updated"), null, "poll", worker, null));
            }
        }
    }

    /** Sends a signed campaign.cancel for the rollout's campaign to a DCU. */
    static Response cancelCampaign(FleetBase cmd, OperatorKey key, String dcu, String rolloutId) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("id", RolloutSpec.campaignId(rolloutId));
        String envelope = key.sign("campaign.cancel", dcu, body.toString(), Duration.ofSeconds(300));
        try {
            return cmd.client().request(dcu, "campaign.cancel", body.toString(), envelope).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return new Response(dcu, "failed", "TIMEOUT", "no answer within 30 s", null);
        }
    }

    @Command(name = "exclude", description = {"Take a DCU out of a rollout: it is not started, or its campaign is "
        + "cancelled (signed);", "an excluded DCU no longer counts against the fleet thresholds."})
    static final class Exclude extends FleetBase {
        @Parameters(index = "0", paramLabel = "ID", description = "the rollout id")
        String id;

        @Parameters(index = "1", paramLabel = "DCU", description = "the DCU")
        String dcu;

        @Override
        int run() throws Exception {
            FleetStore.Rollout r = rollout(id);
            RolloutDcu d = store().dcus(id).stream().filter(x -> x.dcuId().equals(dcu)).findFirst()
                    .orElseThrow(() -> new ConsoleException(2, "DCU " + dcu + " is not in rollout " + id));
            if (d.state() == DcuState.EXCLUDED || d.state().done() && d.state() != DcuState.FAILED) {
                throw new ConsoleException(2, dcu + " is " + d.state() + " in rollout " + id + "; nothing to exclude");
            }
            boolean hadCampaign = r.spec().firmware() && (d.state().inWork() || d.state() == DcuState.FAILED);
            if (hadCampaign) {
                Response c = cancelCampaign(this, key(), dcu, id);
                out().println(dcu + ": campaign.cancel " + c.status() + " " + c.code()
                        + (c.ok() ? "" : ": " + c.message()));
                if (c.ok()) {
                    recordFinalJobs(store(), id, dcu, c.dataObject(), "exclude");
                }
            }
            store().dcuTransition(id, dcu, EnumSet.of(d.state()), DcuState.EXCLUDED, null, "excluded by the operator",
                    null, null);
            out().println(dcu + " EXCLUDED from rollout " + id);
            return 0;
        }
    }

    @Command(name = "status", description = {"Without ID: every rollout. With ID: its waves and a table per DCU."})
    static final class Status extends FleetBase {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the rollout id")
        String id;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        int run() throws Exception {
            if (id == null) {
                Table t = new Table("ROLLOUT", "STATE", "KIND", "PACKAGE", "DCUS", "CREATED", "REASON");
                for (FleetStore.Rollout r : store().rollouts()) {
                    t.row(r.id(), r.state(), r.spec().kind(), r.spec().name() + " " + r.spec().version(),
                            store().dcus(r.id()).size(), r.createdAt(), r.reason());
                }
                t.print(out());
                return 0;
            }
            FleetStore.Rollout r = rollout(id);
            List<RolloutDcu> dcus = store().dcus(id);
            Map<String, FleetStore.Counts> counts = store().counts(id);
            if (json) {
                JsonObject o = new JsonObject();
                o.add("rollout", com.google.gson.JsonParser.parseString(RolloutWatch.GSON.toJson(r)));
                o.add("dcus", com.google.gson.JsonParser.parseString(RolloutWatch.GSON.toJson(dcus)));
                o.add("counts", com.google.gson.JsonParser.parseString(RolloutWatch.GSON.toJson(counts)));
                o.add("workers", com.google.gson.JsonParser.parseString(RolloutWatch.GSON.toJson(store().workers())));
                out().println(RolloutWatch.GSON.toJson(o));
                return 0;
            }
            out().println(RolloutView.header(r));
            RolloutView.waves(dcus, counts).forEach(out()::println);
            RolloutView.table(out(), dcus, counts);
            return 0;
        }
    }
}
