package io.fums.emulator.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fums.cloud.mqtt.client.Json;
import io.fums.crypto.DeviceKem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meters keys DCU METER --keys-file FILE}: provisions a meter's
 * security suite 0 keys on a DCU (SEC-1, SEC-3); {@code meters keys DCU
 * --keys-file FILE} (no METER) those of many meters. Reads the DCU's
 * key-agreement public key from its retained state (only from a state whose
 * signature verifies with the DCU's registered or pinned key), seals each
 * meter's keys to it (ECIES, bound to the DCU and meter ids), and sends the
 * signed {@code meters.keys.provision}: for many meters, as many per
 * operation as fit one signed envelope (about 230; each operation all or
 * nothing at the DCU), so that a fleet's keys need one console run. The keys never appear on the command line: with
 * METER, FILE holds the encryption key and the authentication key, 32 hex
 * digits each, on two lines (the meter vendor's key export); without, one
 * line per meter: {@code METER-ID ENCRYPTION-KEY AUTHENTICATION-KEY}.
 *
 * <p>A many-meter file may also carry shared media's broadcast keys (SEC-3),
 * one line per medium: {@code medium MEDIUM-ID BROADCAST-KEY
 * AUTHENTICATION-KEY} (the medium's global broadcast key, then the
 * authentication key its broadcasts carry; the emulator's {@code KeyExport}
 * writes them). After the meters' operations, each medium's keys are sealed
 * to the DCU bound to the medium ({@link DeviceKem#broadcastKeysAad}) and
 * sent as one signed {@code meters.keys.provision} with {@code mediumId}.
 */
@Command(name = "keys", description = {"Provision meters' suite 0 keys on a DCU: sealed to the DCU's key-agreement",
    "key from its retained state (ECIES), sent as signed meters.keys.provision. With METER, FILE holds",
    "the encryption key and the authentication key, 32 hex digits each, one per line; without METER,",
    "one line per meter: METER-ID ENCRYPTION-KEY AUTHENTICATION-KEY (as many per operation as fit),",
    "and a shared medium's broadcast keys as: medium MEDIUM-ID BROADCAST-KEY AUTHENTICATION-KEY."})
class MeterKeysCommand extends DcuRequestCommand {

    /** The most meters one operation carries (the DCU's limit). */
    static final int MAX_BATCH = 1000;
    /**
     * The most body octets one operation carries, base64 in its signed envelope: the envelope travels in an MQTT
     * user property (at most 65,535 octets) and a DCU's default command limit is 64 KiB; about 230 meters.
     */
    static final int MAX_SIGNED_BODY = 60 * 1024;
    /** The largest many-meter keys file read (about 100,000 meters). */
    static final long MAX_FILE = 10L << 20;

    @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
    String dcu;

    @Parameters(index = "1", arity = "0..1", paramLabel = "METER",
            description = "the meter id; without it, FILE names the meters")
    String meterId;

    @Option(names = "--keys-file", paramLabel = "FILE", required = true,
            description = "with METER: its encryption key then authentication key, 32 hex digits each, one per line;"
                    + " without: METER-ID ENCRYPTION-KEY AUTHENTICATION-KEY per line, and"
                    + " medium MEDIUM-ID BROADCAST-KEY AUTHENTICATION-KEY per shared medium")
    Path keysFile;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + MAX_BATCH,
            description = "at most N meters per signed operation, 1-" + MAX_BATCH + " (default: ${DEFAULT-VALUE});"
                    + " fewer when more would not fit one signed envelope (about 230)")
    int batch;

    /** The meters' keys (32 octets each), in the file's order. */
    private Map<String, byte[]> keys;
    /** The shared media's broadcast keys (32 octets each), in the file's order. */
    private Map<String, byte[]> media = Map.of();

    @Override
    long defaultTimeoutSeconds() {
        return 60;
    }

    @Override
    void before() throws ConsoleException {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new ConsoleException(ConsoleErrors.USAGE, "--batch " + batch + ": give 1 to " + MAX_BATCH);
        }
        key();
        if (meterId != null) {
            keys = new LinkedHashMap<>(Map.of(meterId, readKeys(keysFile, keyNames())));
        } else {
            KeysFile f = readKeysFile(keysFile);
            keys = f.meters();
            media = f.media();
        }
    }

    /** The operation sent. */
    String operation() {
        return "meters.keys.provision";
    }

    /** The keys FILE holds for one METER, one per line, in order. */
    List<String> keyNames() {
        return List.of("the encryption key", "the authentication key");
    }

    /** The line printed when the DCU says done for one METER. */
    String done(JsonObject d, String keyId) {
        return meterId + ": keys " + DcusCommand.text(d, "encryptionKeyId") + " / "
                + DcusCommand.text(d, "authenticationKeyId") + " stored on " + dcu + ", wrapped with KEK "
                + DcusCommand.text(d, "kekId") + " (sealed to key-agreement key " + keyId + ")";
    }

    @Override
    int run(ConsoleClient client) throws Exception {
        try {
            JsonObject kem = keyAgreementKey(client);
            String keyId = DcusCommand.text(kem, "keyId");
            String publicKey = DcusCommand.text(kem, "publicKey");
            if (meterId != null) {
                JsonObject b = new JsonObject();
                b.addProperty("meterId", meterId);
                b.addProperty("keyAgreementKeyId", keyId);
                b.addProperty("sealedKeys", seal(publicKey, meterId));
                Response r = sendOne(client, dcu, operation(), Json.GSON.toJson(b), true);
                if (!json && r.ok() && r.data() != null && r.data().isJsonObject()) {
                    out().println(done(r.dataObject(), keyId));
                }
                return report(r);
            }
            List<String> ids = new ArrayList<>(keys.keySet());
            int stored = 0;
            int operations = 0;
            for (int from = 0; from < ids.size(); ) {
                JsonArray meters = new JsonArray();
                int bytes = 0;
                int to = from;
                while (to < ids.size() && meters.size() < batch) {
                    JsonObject e = new JsonObject();
                    e.addProperty("meterId", ids.get(to));
                    e.addProperty("sealedKeys", seal(publicKey, ids.get(to)));
                    int size = Json.GSON.toJson(e).length() + 1;
                    if (!meters.isEmpty() && (bytes + size) / 3 * 4 > MAX_SIGNED_BODY) {
                        break;
                    }
                    meters.add(e);
                    bytes += size;
                    to++;
                }
                JsonObject b = new JsonObject();
                b.addProperty("keyAgreementKeyId", keyId);
                b.add("meters", meters);
                Response r = sendOne(client, dcu, "meters.keys.provision", Json.GSON.toJson(b), true);
                operations++;
                if (!r.ok()) {
                    err().println(dcu + ": meters " + ids.get(from) + " .. " + ids.get(to - 1) + " refused; " + stored
                            + " of " + ids.size() + " meters stored before");
                    return report(r);
                }
                stored += to - from;
                from = to;
                if (json) {
                    report(r);
                }
            }
            if (!json && stored > 0) {
                out().println(stored + " meters: keys stored on " + dcu + " in " + operations
                        + " signed operation" + (operations == 1 ? "" : "s") + " (sealed to key-agreement key " + keyId
                        + ")");
            }
            for (Map.Entry<String, byte[]> m : media.entrySet()) {
                JsonObject b = new JsonObject();
                b.addProperty("mediumId", m.getKey());
                b.addProperty("keyAgreementKeyId", keyId);
                b.addProperty("sealedKeys", seal(publicKey, m.getValue(), DeviceKem.broadcastKeysAad(dcu, m.getKey())));
                Response r = sendOne(client, dcu, "meters.keys.provision", Json.GSON.toJson(b), true);
                if (!r.ok()) {
                    err().println(dcu + ": medium " + m.getKey() + ": broadcast keys refused; " + stored + " meters'"
                            + " keys stored before");
                    return report(r);
                }
                if (json) {
                    report(r);
                } else {
                    out().println("medium " + m.getKey() + ": broadcast keys " + DcusCommand.text(r.dataObject(),
                            "broadcastKeyId") + " stored on " + dcu + " (sealed to key-agreement key " + keyId + ")");
                }
            }
            return 0;
        } finally {
            keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
            media.values().forEach(k -> Arrays.fill(k, (byte) 0));
        }
    }

    private String seal(String publicKey, String meter) throws ConsoleException {
        return seal(publicKey, keys.get(meter), DeviceKem.meterKeysAad(dcu, meter));
    }

    private String seal(String publicKey, byte[] plain, byte[] aad) throws ConsoleException {
        try {
            return Base64.getEncoder().encodeToString(DeviceKem.seal(publicKey, plain, aad));
        } catch (IllegalArgumentException e) {
            throw new ConsoleException(1, dcu + ": its state's key-agreement key is unusable: " + e.getMessage(), e);
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
        return readKeys(file, List.of("the encryption key", "the authentication key"));
    }

    /** The keys {@code names} from {@code file}, 32 hex digits each, one per line, in order. */
    static byte[] readKeys(Path file, List<String> names) throws ConsoleException {
        int n = names.size();
        try {
            if (Files.size(file) > 1024) {
                throw new ConsoleException(2, file + " is too large for " + n + " keys");
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            if (lines.size() != n) {
                throw new ConsoleException(2, file + ": give " + String.join(", then ", names) + ", one per"
                        + " line, and nothing else");
            }
            byte[] out = new byte[16 * n];
            for (int i = 0; i < n; i++) {
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

    /** A many-meter keys file's meters and shared media, each with its two keys (32 octets), in the file's order. */
    record KeysFile(Map<String, byte[]> meters, Map<String, byte[]> media) {
    }

    /** The meters of a many-meter keys file ({@link #readKeysFile}). */
    static Map<String, byte[]> readMeterKeys(Path file) throws ConsoleException {
        return readKeysFile(file).meters();
    }

    /**
     * A many-meter keys file: {@code METER-ID ENCRYPTION-KEY AUTHENTICATION-KEY} per line, each meter once, and
     * {@code medium MEDIUM-ID BROADCAST-KEY AUTHENTICATION-KEY} per shared medium, each medium once.
     */
    static KeysFile readKeysFile(Path file) throws ConsoleException {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new ConsoleException(2, file + " is larger than " + (MAX_FILE >> 20) + " MiB: split it");
            }
            Map<String, byte[]> out = new LinkedHashMap<>();
            Map<String, byte[]> media = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            for (int n = 0; n < lines.size(); n++) {
                String l = lines.get(n).strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+");
                boolean medium = MEDIUM.equals(f[0]); // no meter is called so: the word starts a medium's line
                if (medium) {
                    f = Arrays.copyOfRange(f, 1, f.length);
                }
                byte[] k = twoKeys(f);
                if (k == null && medium) {
                    throw new ConsoleException(2, file + ": line " + (n + 1) + " is not medium MEDIUM-ID"
                            + " BROADCAST-KEY AUTHENTICATION-KEY (32 hex digits each)");
                }
                if (k == null) {
                    throw new ConsoleException(2, file + ": line " + (n + 1) + " is not METER-ID ENCRYPTION-KEY"
                            + " AUTHENTICATION-KEY (32 hex digits each)");
                }
                if ((medium ? media : out).put(f[0], k) != null) {
                    throw new ConsoleException(2, file + ": line " + (n + 1) + ": " + (medium ? "medium " : "meter ")
                            + f[0] + " again");
                }
            }
            if (out.isEmpty() && media.isEmpty()) {
                throw new ConsoleException(2, file + ": no meter in it (METER-ID ENCRYPTION-KEY AUTHENTICATION-KEY per"
                        + " line; or give METER for a file of its two keys)");
            }
            return new KeysFile(out, media);
        } catch (IOException e) {
            throw new ConsoleException(3, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first word of a keys-file line that carries a shared medium's broadcast keys. */
    static final String MEDIUM = "medium";

    /** {@code ID KEY KEY} with two keys of 32 hex digits: the keys, 32 octets; else null. */
    private static byte[] twoKeys(String[] f) {
        if (f.length != 3) {
            return null;
        }
        byte[] k = new byte[32];
        for (int i = 0; i < 2; i++) {
            try {
                byte[] h = HexFormat.of().parseHex(f[i + 1]);
                if (h.length != 16) {
                    return null;
                }
                System.arraycopy(h, 0, k, 16 * i, 16);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return k;
    }
}
