package io.fums.emulator.console;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceType;
import io.fums.cloud.mqtt.client.Json;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.MeterSelector;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.json.CampaignSpecJson;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Meter-firmware campaigns on a DCU: create, start, pause, resume, cancel (signed), status, history, watch. */
@Command(name = "campaign", description = "Create and control meter-firmware campaigns on a DCU, and watch them.",
        subcommands = {CampaignCommand.Create.class, CampaignCommand.Start.class, CampaignCommand.Pause.class,
            CampaignCommand.Resume.class, CampaignCommand.Cancel.class, CampaignCommand.Status.class,
            CampaignCommand.History.class, CampaignWatchCommand.class})
final class CampaignCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "give a subcommand: create, start, pause, resume, cancel, status, history or watch");
    }

    @Command(name = "create", description = {"Create a campaign (state CREATED; nothing is sent to a meter before start).",
        "Targets: --meters, or --device-type with an optional --running firmware identifier.",
        "Activation: immediately (default), --at a time written into every meter's activation schedule,",
        "or --window, a daily maintenance window in UTC."})
    static final class Create extends DcuRequestCommand {

        static final class Targets {
            @Option(names = "--meters", split = ",", paramLabel = "ID[,ID...]", required = true,
                    description = "the target meters")
            List<String> meters;

            @ArgGroup(exclusive = false, multiplicity = "1")
            Selector selector;
        }

        static final class Selector {
            @Option(names = "--device-type", paramLabel = "TYPE", required = true,
                    description = "every meter of this device type")
            String deviceType;

            @Option(names = "--running", paramLabel = "IDENTIFIER",
                    description = "only those that run this active firmware identifier (read from each meter now)")
            String running;
        }

        static final class Activation {
            @Option(names = "--at", paramLabel = "TIME", required = true,
                    description = "activate every meter at this time (RFC 3339 UTC, e.g. 2026-11-25T02:00:00Z)")
            Instant at;

            @Option(names = "--window", paramLabel = "HH:MM-HH:MM", required = true,
                    description = "activate inside this daily window (UTC; may wrap midnight), e.g. 02:00-04:00")
            String window;
        }

        private static final Pattern WINDOW = Pattern.compile("(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})");

        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Option(names = "--id", required = true, description = "the campaign id ([A-Za-z0-9][A-Za-z0-9._-]{0,63})")
        String id;

        @Option(names = "--firmware", required = true, paramLabel = "SHA256",
                description = "the staged package's SHA-256 (fums-console firmware list)")
        String firmware;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Targets targets;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Activation activation;

        @Option(names = "--waves", split = ",", paramLabel = "WAVE[,WAVE...]",
                description = "wave sizes: a count, a percentage or rest (default: 1,10%%,rest)")
        List<String> waves;

        @Option(names = "--concurrency", paramLabel = "N", description = "meters upgraded at once per link (default: 1)")
        Integer concurrency;

        @Option(names = "--max-attempts", paramLabel = "N", description = "tries of one step before a meter fails (default: 3)")
        Integer maxAttempts;

        @Option(names = "--backoff", paramLabel = "SECONDS", description = "first retry delay, doubled each time (default: 5)")
        Double backoffSeconds;

        @Option(names = "--max-backoff", paramLabel = "SECONDS", description = "longest retry delay (default: 300)")
        Double maxBackoffSeconds;

        @Option(names = "--error-threshold", paramLabel = "N|P%",
                description = "failures in a wave that pause the campaign: a count or a percentage (default: 20%%)")
        String errorThreshold;

        private CampaignSpec campaign;

        @Override
        void before() throws ConsoleException {
            campaign = spec();
            key();
        }

        /** The specification the options describe. @throws ConsoleException 2 naming what is invalid */
        CampaignSpec spec() throws ConsoleException {
            try {
                RolloutPolicy d = RolloutPolicy.defaults();
                RolloutPolicy rollout = new RolloutPolicy(waves != null ? waves : d.waves(),
                        concurrency != null ? concurrency : d.concurrencyPerLink(),
                        maxAttempts != null ? maxAttempts : d.maxAttempts(),
                        backoffSeconds != null ? seconds(backoffSeconds) : d.backoff(),
                        maxBackoffSeconds != null ? seconds(maxBackoffSeconds) : d.maxBackoff(),
                        errorThreshold != null ? errorThreshold : d.errorThreshold());
                MeterSelector selector = targets.selector == null ? null
                        : new MeterSelector(DeviceType.of(targets.selector.deviceType), targets.selector.running);
                return new CampaignSpec(id, firmware == null ? null : firmware.toLowerCase(java.util.Locale.ROOT),
                        targets.meters, selector, activation(), rollout);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new ConsoleException(2, e.getMessage());
            }
        }

        private ActivationPolicy activation() {
            if (activation == null) {
                return ActivationPolicy.immediately();
            }
            if (activation.at != null) {
                return ActivationPolicy.at(activation.at);
            }
            Matcher m = WINDOW.matcher(activation.window.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--window must be HH:MM-HH:MM (UTC), e.g. 02:00-04:00");
            }
            return ActivationPolicy.window(LocalTime.parse(pad(m.group(1))), LocalTime.parse(pad(m.group(2))));
        }

        private static String pad(String time) {
            return time.length() == 4 ? "0" + time : time;
        }

        private static Duration seconds(double s) {
            if (s < 0 || Double.isNaN(s) || s > 86_400) {
                throw new IllegalArgumentException("a backoff must be 0 to 86400 seconds: " + s);
            }
            return Duration.ofMillis(Math.round(s * 1000));
        }

        @Override
        int run(ConsoleClient client) throws Exception {
            Response r = sendOne(client, dcu, "campaign.create", CampaignSpecJson.write(campaign), true);
            if (json || !r.ok()) {
                return report(r);
            }
            out().println(dcu + ": " + r.message());
            out().println(CampaignTables.progressLine(r.dataObject()));
            return 0;
        }
    }

    /** start, pause, resume, cancel: {@code {id}}, signed. */
    abstract static class Control extends DcuRequestCommand {
        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Parameters(index = "1", paramLabel = "CAMPAIGN", description = "the campaign id")
        String id;

        abstract String operation();

        @Override
        long defaultTimeoutSeconds() {
            return 120;
        }

        @Override
        void before() throws ConsoleException {
            key();
        }

        @Override
        int run(ConsoleClient client) throws Exception {
            JsonObject body = new JsonObject();
            body.addProperty("id", id);
            Response r = sendOne(client, dcu, operation(), Json.GSON.toJson(body), true);
            if (json || !r.ok()) {
                return report(r);
            }
            out().println(dcu + ": " + CampaignTables.progressLine(r.dataObject()));
            return 0;
        }
    }

    @Command(name = "start", description = "Start a CREATED campaign (signed).")
    static final class Start extends Control {
        @Override
        String operation() {
            return "campaign.start";
        }
    }

    @Command(name = "pause", description = "Pause a RUNNING campaign: meters in work stop at their next journalled point (signed).")
    static final class Pause extends Control {
        @Override
        String operation() {
            return "campaign.pause";
        }
    }

    @Command(name = "resume", description = "Resume a PAUSED campaign (signed).")
    static final class Resume extends Control {
        @Override
        String operation() {
            return "campaign.resume";
        }
    }

    @Command(name = "cancel", description = {"Cancel a campaign: no further meter is touched; meters that have not",
        "activated discard the pending image and end CANCELLED (signed)."})
    static final class Cancel extends Control {
        @Override
        String operation() {
            return "campaign.cancel";
        }
    }

    @Command(name = "status", description = {"Without CAMPAIGN: every campaign of the DCU, newest first.",
        "With CAMPAIGN: its progress, alarms and every meter's job."})
    static final class Status extends DcuRequestCommand {
        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Parameters(index = "1", arity = "0..1", paramLabel = "CAMPAIGN", description = "the campaign id")
        String id;

        @Override
        int run(ConsoleClient client) throws Exception {
            JsonObject body = new JsonObject();
            if (id != null) {
                body.addProperty("id", id);
            }
            Response r = sendOne(client, dcu, "campaign.status", Json.GSON.toJson(body), false);
            if (json || !r.ok()) {
                return report(r);
            }
            JsonObject d = r.dataObject();
            if (id == null) {
                CampaignTables.campaigns(d.getAsJsonArray("campaigns")).print(out());
                return 0;
            }
            out().println(CampaignTables.progressLine(d) + "  firmware " + DcusCommand.text(d, "firmware"));
            CampaignTables.meters(d, Map.of()).print(out());
            printAlarms(d);
            return 0;
        }

        private void printAlarms(JsonObject d) {
            if (d.has("alarms") && d.get("alarms").isJsonArray() && !d.getAsJsonArray("alarms").isEmpty()) {
                out().println("alarms:");
                d.getAsJsonArray("alarms").forEach(a -> out().println("  " + a.getAsString()));
            }
        }
    }

    @Command(name = "history", description = "Every journalled transition of one meter in one campaign, oldest first.")
    static final class History extends DcuRequestCommand {
        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Parameters(index = "1", paramLabel = "CAMPAIGN", description = "the campaign id")
        String id;

        @Parameters(index = "2", paramLabel = "METER", description = "the meter id")
        String meterId;

        @Override
        int run(ConsoleClient client) throws Exception {
            JsonObject body = new JsonObject();
            body.addProperty("id", id);
            body.addProperty("meterId", meterId);
            Response r = sendOne(client, dcu, "campaign.history", Json.GSON.toJson(body), false);
            if (json || !r.ok()) {
                return report(r);
            }
            CampaignTables.transitions(r.dataObject()).print(out());
            return 0;
        }
    }
}
