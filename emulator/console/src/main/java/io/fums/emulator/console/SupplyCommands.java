package io.fums.emulator.console;

import com.google.gson.JsonObject;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.Json;
import io.fums.crypto.command.CommandCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A meter's supply switch (SEC-4): {@code meters supply} reads it,
 * {@code meters disconnect} opens it with two operators' signatures (dual
 * control), {@code meters reconnect} closes it (or arms the meter for the
 * consumer) with one.
 */
final class SupplyCommands {

    private SupplyCommands() {
    }

    static String body(String meterId) {
        JsonObject b = new JsonObject();
        b.addProperty("meterId", meterId);
        return Json.GSON.toJson(b);
    }

    /** Prints the switch state of a response and returns the exit code. */
    static int print(DcuRequestCommand c, Response r, String meterId) {
        if (c.json || r.data() == null || !r.data().isJsonObject()) {
            return c.report(r);
        }
        JsonObject d = r.dataObject();
        c.out().println(meterId + ": " + DcusCommand.text(d, "controlState") + " (output "
                + (d.has("outputState") && d.get("outputState").getAsBoolean() ? "on" : "off") + ", control_mode "
                + DcusCommand.text(d, "controlMode") + ", read " + DcusCommand.text(d, "readAt") + ")"
                + (d.has("signers") ? ", signed by " + d.get("signers") : ""));
        if (r.ok() && r.message() != null) {
            c.out().println(r.message());
        }
        return c.report(r);
    }

    /**
     * A command on one meter of one DCU (also {@code meters read}): the meter
     * answers within the DCU's read timeout, so it waits up to 60 s.
     */
    abstract static class OneMeter extends DcuRequestCommand {
        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Parameters(index = "1", paramLabel = "METER", description = "the meter id")
        String meterId;

        @Override
        long defaultTimeoutSeconds() {
            return 60;
        }
    }

    @Command(name = "supply", description = "Read a meter's supply switch now (disconnect control, class 70).")
    static final class Supply extends OneMeter {
        @Override
        int run(ConsoleClient client) throws Exception {
            return print(this, sendOne(client, dcu, "meters.supply", body(meterId), false), meterId);
        }
    }

    @Command(name = "disconnect", description = {
        "Open a meter's supply switch. Dual control: the command carries the signatures of two distinct",
        "operator keys. One console with both keys: -k FIRST --cosign SECOND. Two operators: the first",
        "runs --prepare FILE (signs, sends nothing), the second --envelope FILE --cosign SECOND (sends)."})
    static final class Disconnect extends OneMeter {
        @Option(names = "--cosign", paramLabel = "PEM", description = "the second operator's private key: co-signs and sends")
        Path cosign;

        @Option(names = "--prepare", paramLabel = "FILE",
                description = "sign with --operator-key into FILE for a second operator to co-sign; send nothing")
        Path prepare;

        @Option(names = "--envelope", paramLabel = "FILE",
                description = "the envelope a first operator prepared (instead of signing with --operator-key)")
        Path envelope;

        @Override
        void before() throws ConsoleException {
            if (prepare != null && (cosign != null || envelope != null)) {
                throw new ConsoleException(2, "--prepare only signs with --operator-key: give no --cosign or --envelope");
            }
            if (prepare == null && cosign == null) {
                throw new ConsoleException(2, "meters.disconnect needs two operators: give --cosign PEM (or --prepare FILE "
                        + "for a second operator to co-sign)");
            }
            if (envelope != null) {
                prepared = read(envelope, body(meterId));
            } else {
                key();
            }
            if (cosign != null) {
                second = OperatorKey.read(cosign);
            }
        }

        private String prepared;
        private OperatorKey second;

        @Override
        boolean needsBroker() {
            return prepare == null;
        }

        @Override
        int run(ConsoleClient client) throws Exception {
            String body = body(meterId);
            if (prepare != null) {
                String signed = key().sign("meters.disconnect", dcu, body, Duration.ofSeconds(ttlSeconds));
                write(prepare, signed);
                out().println("signed by " + key().keyId() + " into " + prepare + "; valid " + ttlSeconds
                        + " s: a second operator runs: meters disconnect " + dcu + " " + meterId + " --envelope " + prepare
                        + " --cosign PEM");
                return 0;
            }
            String first = prepared != null ? prepared
                    : key().sign("meters.disconnect", dcu, body, Duration.ofSeconds(ttlSeconds));
            String both = second.cosign(first);
            return print(this, sendEnvelope(client, dcu, "meters.disconnect", body, both), meterId);
        }

        /** The prepared envelope, checked to be this very command (operation, DCU, meter) before co-signing. */
        private String read(Path file, String body) throws ConsoleException {
            try {
                if (Files.size(file) > 64 * 1024) {
                    throw new ConsoleException(2, file + " is too large for a command envelope");
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                CommandCodec.Payload p = CommandCodec.parsePayload(CommandCodec.parseEnvelope(
                        text.getBytes(StandardCharsets.UTF_8)).payload());
                if (!p.operation().equals("meters.disconnect") || !p.targetDcuId().value().equals(dcu)
                        || !CommandCodec.compact(p.body()).equals(body)) {
                    throw new ConsoleException(2, file + " is " + p.operation() + " for DCU " + p.targetDcuId() + " with "
                            + CommandCodec.compact(p.body()) + ", not meters.disconnect of " + meterId + " on " + dcu
                            + ": not co-signed");
                }
                return text;
            } catch (IOException e) {
                throw new ConsoleException(3, "cannot read " + file + ": " + e.getMessage(), e);
            } catch (FumsException e) {
                throw new ConsoleException(2, file + " is not a command envelope: " + e.getMessage(), e);
            }
        }

        private static void write(Path file, String text) throws ConsoleException {
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConsoleException(3, "cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "reconnect", description = {"Close a meter's supply switch (one operator signature). Per the meter's",
        "control_mode the supply is back, or the meter is ready for the consumer to reconnect it locally."})
    static final class Reconnect extends OneMeter {
        @Override
        void before() throws ConsoleException {
            key();
        }

        @Override
        int run(ConsoleClient client) throws Exception {
            return print(this, sendOne(client, dcu, "meters.reconnect", body(meterId), true), meterId);
        }
    }
}
