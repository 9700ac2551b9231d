package io.fums.emulator.console;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.crypto.MessageSignatures;
import io.fums.crypto.MessageSignatures.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The DCUs' public signing keys the console checks their messages with
 * (SEC-6), like ssh's known_hosts: a folder of {@code <dcuId>.pub.pem}
 * files, registered when a DCU is provisioned (its
 * {@code keys/dcu-signing.key.pem.pub.pem}) or pinned the first time the
 * console sees the DCU's retained state (trust on first use, said in the
 * verdict {@link Check#PINNED}).
 *
 * <p>Once a DCU's key is known, a message under its topics (or a response
 * to a request sent to it) that is unsigned, signed by another key, or whose
 * signature does not verify is {@link Check#FORGED}; a retained state that
 * announces another key is forged too (a re-keyed DCU is registered again
 * by removing its file).
 */
public final class DcuKeys {

    /** What the console concludes about one message. */
    public enum Check {
        /** Signed with the DCU's registered key. */
        VERIFIED,
        /** The DCU's retained state announced its key, signed with it, and the console had none: pinned now. */
        PINNED,
        /** No key known for this DCU yet: the message cannot be judged. */
        NO_KEY,
        /** Not from the DCU: unsigned, another key, or a signature that does not verify. */
        FORGED
    }

    private static final Pattern DCU_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String SUFFIX = ".pub.pem";

    private final Path dir;
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    private DcuKeys(Path dir) {
        this.dir = dir;
    }

    /** Keys in memory only (tests, one-shot tools). */
    public static DcuKeys inMemory() {
        return new DcuKeys(null);
    }

    /** The keys in {@code dir} (created if absent); pinned keys are written there. */
    public static DcuKeys folder(Path dir) {
        DcuKeys k = new DcuKeys(dir);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
                    String name = f.getFileName().toString();
                    String id = name.substring(0, name.length() - SUFFIX.length());
                    if (DCU_ID.matcher(id).matches() && Files.size(f) < 16 * 1024) {
                        k.keys.put(id, Files.readString(f, StandardCharsets.US_ASCII));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("DCU keys in " + dir + ": " + e.getMessage(), e);
            }
        }
        return k;
    }

    /** Registers a DCU's public key (PEM). */
    public void register(String dcuId, String publicKeyPem) {
        MessageSignatures.keyId(publicKeyPem);
        keys.put(dcuId, publicKeyPem);
        save(dcuId, publicKeyPem);
    }

    /** The registered key of a DCU, or null. */
    public String key(String dcuId) {
        return keys.get(dcuId);
    }

    /**
     * Judges one message from {@code dcuId} published on {@code topic}; a
     * retained state of a DCU without a key pins the key it announces if the
     * state is signed with it.
     */
    public Check judge(String dcuId, String topic, MqttMessage m) {
        String keyId = property(m, MessageSignatures.KEY_PROPERTY);
        String sig = property(m, MessageSignatures.SIG_PROPERTY);
        String pem = keys.get(dcuId);
        String announced = topic.equals("fums/v1/" + dcuId + "/state") ? announcedKey(m.getPayload()) : null;
        if (pem == null) {
            if (announced == null || !DCU_ID.matcher(dcuId).matches()) {
                return Check.NO_KEY;
            }
            if (verify(announced, topic, m.getPayload(), keyId, sig) != Verdict.VERIFIED) {
                return Check.FORGED;
            }
            keys.putIfAbsent(dcuId, announced);
            save(dcuId, announced);
            return keys.get(dcuId).equals(announced) ? Check.PINNED : Check.FORGED;
        }
        if (announced != null && !announced.equals(pem)) {
            return Check.FORGED;
        }
        return verify(pem, topic, m.getPayload(), keyId, sig) == Verdict.VERIFIED ? Check.VERIFIED : Check.FORGED;
    }

    private static Verdict verify(String pem, String topic, byte[] payload, String keyId, String sig) {
        try {
            return MessageSignatures.verify(pem, topic, payload, keyId, sig);
        } catch (IllegalArgumentException e) {
            return Verdict.FORGED;
        }
    }

    private static String announcedKey(byte[] payload) {
        try {
            JsonObject o = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject k = o.getAsJsonObject("signingKey");
            return k == null || !k.has("publicKey") ? null : k.get("publicKey").getAsString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String property(MqttMessage m, String name) {
        MqttProperties p = m.getProperties();
        List<UserProperty> ups = p == null ? null : p.getUserProperties();
        if (ups == null) {
            return null;
        }
        for (UserProperty u : ups) {
            if (name.equals(u.getKey())) {
                return u.getValue();
            }
        }
        return null;
    }

    private void save(String dcuId, String pem) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(dcuId + SUFFIX);
            if (!Files.exists(f)) {
                Files.writeString(f, pem, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the key of " + dcuId + " in " + dir + ": " + e.getMessage(), e);
        }
    }
}
