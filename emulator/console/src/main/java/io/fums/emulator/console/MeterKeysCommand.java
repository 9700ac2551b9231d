package io.fums.emulator.console;

import com.google.gson.JsonObject;
import io.fums.cloud.mqtt.client.Json;
import io.fums.crypto.DeviceKem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meters keys DCU METER --keys-file FILE}: provisions a meter's
 * security suite 0 keys on a DCU (SEC-1, SEC-3). Reads the DCU's
 * key-agreement public key from its retained state (only from a state whose
 * signature verifies with the DCU's registered or pinned key), seals the
 * keys to it (ECIES, bound to the DCU and meter ids), and sends the signed
 * {@code meters.keys.provision}. The keys never appear on the command line:
 * FILE holds the encryption key and the authentication key, 32 hex digits
 * each, on two lines (the meter vendor's key export).
 */
@Command(name = "keys", description = {"Provision a meter's suite 0 keys on a DCU: sealed to the DCU's key-agreement",
    "key from its retained state (ECIES), sent as signed meters.keys.provision. FILE: the encryption key",
    "and the authentication key, 32 hex digits each, one per line."})
final class MeterKeysCommand extends SupplyCommands.OneMeter {

    @Option(names = "--keys-file", paramLabel = "FILE", required = true,
            description = "the meter's encryption key then authentication key, 32 hex digits each, one per line")
    Path keysFile;

    private byte[] keys;

    @Override
    void before() throws ConsoleException {
        key();
        keys = readKeys(keysFile);
    }

    @Override
    int run(ConsoleClient client) throws Exception {
        try {
            JsonObject kem = keyAgreementKey(client);
            String keyId = DcusCommand.text(kem, "keyId");
            byte[] sealed;
            try {
                sealed = DeviceKem.seal(DcusCommand.text(kem, "publicKey"), keys, DeviceKem.meterKeysAad(dcu, meterId));
            } catch (IllegalArgumentException e) {
                throw new ConsoleException(1, dcu + ": its state's key-agreement key is unusable: " + e.getMessage(), e);
            }
            JsonObject b = new JsonObject();
            b.addProperty("meterId", meterId);
            b.addProperty("keyAgreementKeyId", keyId);
            b.addProperty("sealedKeys", Base64.getEncoder().encodeToString(sealed));
            Response r = sendOne(client, dcu, "meters.keys.provision", Json.GSON.toJson(b), true);
            if (!json && r.ok() && r.data() != null && r.data().isJsonObject()) {
                JsonObject d = r.dataObject();
                out().println(meterId + ": keys " + DcusCommand.text(d, "encryptionKeyId") + " / "
                        + DcusCommand.text(d, "authenticationKeyId") + " stored on " + dcu + ", wrapped with KEK "
                        + DcusCommand.text(d, "kekId") + " (sealed to key-agreement key " + keyId + ")");
            }
            return report(r);
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    /** The {@code keyAgreementKey} section of the DCU's retained state, from a state that is the DCU's own. */
    private JsonObject keyAgreementKey(ConsoleClient client) throws ConsoleException, InterruptedException {
        String topic = "fums/v1/" + dcu + "/state";
        CompletableFuture<ConsoleClient.SignedState> seen = new CompletableFuture<>();
        client.subscribe(topic, (t, m, check) -> {
            try {
                seen.complete(new ConsoleClient.SignedState(com.google.gson.JsonParser.parseString(
                        new String(m.getPayload(), StandardCharsets.UTF_8)).getAsJsonObject(), check));
            } catch (RuntimeException e) {
                seen.completeExceptionally(e);
            }
        });
        ConsoleClient.SignedState s;
        try {
            s = seen.get(timeout(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ConsoleException(1, dcu + ": no retained state within " + timeout() + " s: unknown DCU or"
                    + " broker without its state");
        } catch (ExecutionException e) {
            throw new ConsoleException(1, dcu + ": its retained state is not JSON", e.getCause());
        } finally {
            client.unsubscribe(topic);
        }
        if (!List.of(DcuKeys.Check.VERIFIED, DcuKeys.Check.PINNED).contains(s.signature())) {
            throw new ConsoleException(1, dcu + ": its retained state is " + s.signature() + ": the key-agreement key"
                    + " in it is not trusted; register the DCU's signing key (--dcu-keys)");
        }
        if (!s.state().has("keyAgreementKey") || !s.state().get("keyAgreementKey").isJsonObject()) {
            throw new ConsoleException(1, dcu + ": its state has no keyAgreementKey section (a DCU without"
                    + " meters.keys.provision)");
        }
        return s.state().getAsJsonObject("keyAgreementKey");
    }

    static byte[] readKeys(Path file) throws ConsoleException {
        try {
            if (Files.size(file) > 1024) {
                throw new ConsoleException(2, file + " is too large for two keys");
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            if (lines.size() != 2) {
                throw new ConsoleException(2, file + ": give the encryption key and the authentication key, one per"
                        + " line, and nothing else");
            }
            byte[] out = new byte[32];
            for (int i = 0; i < 2; i++) {
                byte[] k;
                try {
                    k = HexFormat.of().parseHex(lines.get(i));
                } catch (IllegalArgumentException e) {
                    k = new byte[0];
                }
                if (k.length != 16) {
                    throw new ConsoleException(2, file + ": line " + (i + 1) + " is not 32 hex digits");
                }
                System.arraycopy(k, 0, out, 16 * i, 16);
            }
            return out;
        } catch (IOException e) {
            throw new ConsoleException(3, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
