package io.fums.cloud.meters.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.support.Body;
import io.fums.crypto.DeviceKem;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.access.MeterKeys;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.MeterJob;
import io.fums.store.AuditLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code meters.keys.provision} (EXEC, signed): new security suite 0 keys for
 * one meter or many, each sealed by the cloud to this DCU's key-agreement key
 * ({@link DeviceKem}, ECIES). The DCU opens them (associated data: this DCU's
 * id and the meter id), hands them to {@link MeterKeys} (wrapped at rest,
 * used from the meter's next association) and forgets them. Body, one meter:
 * <pre>{"meterId": "m-1", "keyAgreementKeyId": "&lt;16 hex&gt;", "sealedKeys": "&lt;base64&gt;"}</pre>
 * many meters (at most {@value #MAX_METERS}, each id once):
 * <pre>{"keyAgreementKeyId": "&lt;16 hex&gt;", "meters": [{"meterId": "m-1", "sealedKeys": "&lt;base64&gt;"}, ...]}</pre>
 * each sealed plaintext being the encryption key then the authentication key
 * (32 octets). A batch is all or nothing as far as the request goes: every
 * entry is checked and opened, every meter looked up in the inventory, before
 * the first is stored; one bad entry refuses the whole request (its index and
 * meter in the message) and changes nothing. Stored meter by meter (each
 * durable); should storage itself fail part way, the response is
 * {@code STORAGE_FAILED} naming the meters stored before it (sending their
 * keys again is harmless). Every attempt is audited
 * ({@code meter.keys.provision}, one entry per stored meter, one for a
 * refusal) with the signers and the key ids; never a key. Refusals change
 * nothing: {@code CMD_MALFORMED} (body, base64, size, count, another DCU key,
 * not authentic, not 32 octets), {@code METER_UNKNOWN}.
 *
 * <p>A shared medium's broadcast keys (io.fums.meter.access 1.1): the same
 * operation with {@code mediumId} (the serial link's name) in place of
 * {@code meterId}: <pre>{"mediumId": "bus-1", "keyAgreementKeyId": "&lt;16 hex&gt;", "sealedKeys": "&lt;base64&gt;"}</pre>
 * the sealed plaintext being the broadcast key then the authentication key its
 * broadcasts carry (32 octets), associated data
 * {@link DeviceKem#broadcastKeysAad}; stored wrapped by
 * {@link MeterKeys#provisionBroadcast}; audited
 * ({@code meter.keys.provision.broadcast}) with key ids. Refused, changing
 * nothing: the codes above, {@code METER_UNKNOWN} for a link with no meter.
 *
 * <p>{@code meters.keys.rotate} (EXEC, signed; io.fums.meter.reading 1.5): the same body;
 * the sealed plaintext is the meter's master key (KEK) then the new
 * encryption key then the new authentication key (48 octets). The keys are
 * rotated on the meter ({@link MeterKeys#rotate}: security setup
 * key_transfer, confirmed under the new keys before the old ones are
 * forgotten); the master key is used for the key wrap and forgotten.
 * Refused with {@code CMD_METER_IN_CAMPAIGN} while a campaign holds the
 * meter. Audited ({@code meter.keys.rotate.request}) with the signers and
 * key ids; the meter-reading bundle audits each step.
 *
 * <p>Also the {@value #SECTION} section of the DCU's retained state: the
 * public key the cloud seals to.
 */
public final class MeterKeysHandler implements RequestHandler {

    /** The operation. */
    public static final String OPERATION = "meters.keys.provision";
    /** The operation that rotates a meter's keys on the meter. */
    public static final String ROTATE = "meters.keys.rotate";
    /** The state section with the key-agreement public key. */
    public static final String SECTION = "keyAgreementKey";
    /** The ECIES suite, as published and documented. */
    public static final String SUITE = "ECIES-P256-HKDF-SHA256-AES256GCM";
    /** The most meters one request provisions. */
    public static final int MAX_METERS = 1000;

    private static final int KEY_OCTETS = 16;
    private static final Set<String> ENTRY = Set.of("meterId", "sealedKeys");

    private final DeviceKem kem;
    private final Supplier<MeterKeys> keys;
    private final Supplier<MeterInventory> inventory;
    private final Supplier<CampaignService> campaigns;
    private final AuditLog audit;

    /** A meter's keys, opened. */
    private record Opened(String meterId, byte[] keys) {
    }

    /**
     * @param kem       this DCU's key-agreement key
     * @param keys      the meter key store, or a supplier of null while it is absent
     * @param inventory the meter inventory (every meter of a batch is looked up before any is stored), or a
     *                  supplier of null while it is absent
     * @param campaigns the meter-upgrade agent (a rotation is refused while a campaign holds the meter), or a
     *                  supplier of null when it is not running
     * @param audit     where every attempt is audited
     */
    public MeterKeysHandler(DeviceKem kem, Supplier<MeterKeys> keys, Supplier<MeterInventory> inventory,
                            Supplier<CampaignService> campaigns, AuditLog audit) {
        this.kem = kem;
        this.keys = keys;
        this.inventory = inventory;
        this.campaigns = campaigns;
        this.audit = audit;
    }

    /** Without a campaign agent: no campaign ever holds a meter. */
    public MeterKeysHandler(DeviceKem kem, Supplier<MeterKeys> keys, Supplier<MeterInventory> inventory,
                            AuditLog audit) {
        this(kem, keys, inventory, () -> null, audit);
    }

    /** The {@value #SECTION} state section. */
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("keyId", kem.keyId());
        s.put("algorithm", SUITE);
        s.put("publicKey", kem.publicKeyPem());
        return s;
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        String op = request.operation();
        if (ROTATE.equals(op)) {
            return rotate(request);
        }
        if (!OPERATION.equals(op)) {
            throw new FumsException(ErrorCode.CMD_UNKNOWN, "not a meter key operation: " + op);
        }
        if (request.body().has("mediumId")) {
            return broadcast(request);
        }
        List<String> signers = request.command().map(c -> c.signerKeyIds()).orElse(List.of());
        String[] subject = {"?"};
        int[] count = {1};
        List<Opened> opened = new ArrayList<>();
        try {
            JsonObject o = request.body();
            boolean batch = o.has("meters");
            Body body = Body.of(request, batch ? Set.of("keyAgreementKeyId", "meters")
                    : Set.of("meterId", "keyAgreementKeyId", "sealedKeys"));
            String keyId = body.string("keyAgreementKeyId");
            requireKemKey(op, keyId);
            List<JsonElement> entries = batch ? entries(op, o.get("meters")) : List.of(o);
            count[0] = entries.size();
            MeterKeys store = store(op);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < entries.size(); i++) {
                String where = batch ? "meters[" + i + "]: " : "";
                Body e = batch ? entry(op, where, entries.get(i)) : body;
                subject[0] = e.string("meterId");
                if (!seen.add(subject[0])) {
                    throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": " + where + "meter " + subject[0]
                            + " is given twice; nothing was changed");
                }
                opened.add(new Opened(subject[0], open(request, where, subject[0], e.string("sealedKeys"), 2)));
            }
            requireKnown(op, opened, batch);
            for (int i = 0; i < opened.size(); i++) {
                String id = opened.get(i).meterId();
                if (store.pendingKeyInfo(id).isPresent()) {
                    subject[0] = id;
                    throw new FumsException(ErrorCode.METER_KEYS_PENDING, op + ": " + (batch ? "meters[" + i + "]: "
                            : "") + "meter " + id + ": the keys of an interrupted rotation are pending; they are settled"
                            + " at the meter's next contact (a read, or meters.read): provision again after that;"
                            + " nothing was changed");
                }
            }
            if (!batch) {
                MeterKeys.KeyInfo info = stored(store, request, opened.get(0), signers, 1);
                return CloudResponse.ok("meter " + info.meterId() + ": keys stored wrapped; its next association"
                        + " uses them", result(info, true));
            }
            List<Map<String, Object>> done = new ArrayList<>();
            String kek = null;
            for (Opened m : opened) {
                subject[0] = m.meterId();
                MeterKeys.KeyInfo info;
                try {
                    info = stored(store, request, m, signers, opened.size());
                } catch (FumsException x) {
                    throw new FumsException(x.code(), op + ": meter " + m.meterId() + ": " + x.getMessage()
                            + "; stored before it (" + done.size() + "): " + done.stream().map(d -> d.get("meterId"))
                            .toList());
                }
                kek = info.kekId();
                done.add(result(info, false));
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("count", done.size());
            data.put("kekId", kek);
            data.put("meters", done);
            return CloudResponse.ok(done.size() + " meters: keys stored wrapped; their next associations use them",
                    data);
        } catch (FumsException e) {
            audit(request, subject[0], signers, e, null, count[0]);
            throw e;
        } catch (NoClassDefFoundError e) {
            FumsException x = notInstalled(op);
            audit(request, subject[0], signers, x, null, count[0]);
            throw x;
        } finally {
            opened.forEach(m -> Arrays.fill(m.keys(), (byte) 0));
        }
    }

    /** {@value #OPERATION} with {@code mediumId}: a shared medium's broadcast key and authentication key. */
    private CloudResponse broadcast(CloudRequest request) throws FumsException {
        String op = request.operation();
        String action = "meter.keys.provision.broadcast";
        List<String> signers = request.command().map(c -> c.signerKeyIds()).orElse(List.of());
        String medium = "?";
        byte[] plain = null;
        try {
            Body body = Body.of(request, Set.of("mediumId", "keyAgreementKeyId", "sealedKeys"));
            medium = body.string("mediumId");
            requireKemKey(op, body.string("keyAgreementKeyId"));
            MeterKeys store = store(op);
            plain = open(request, "", "medium " + medium, body.string("sealedKeys"),
                    DeviceKem.broadcastKeysAad(request.dcuId().value(), medium), 2);
            MeterKeys.BroadcastKeyInfo info = store.provisionBroadcast(medium, Arrays.copyOfRange(plain, 0,
                    KEY_OCTETS), Arrays.copyOfRange(plain, KEY_OCTETS, 2 * KEY_OCTETS));
            OperatorAudit.append(audit, request, action, medium, signers, null, OperatorAudit::refusal,
                    b -> b.detail("keyAgreementKeyId", kem.keyId()).detail("broadcastKeyId", info.broadcastKeyId())
                            .detail("authenticationKeyId", info.authenticationKeyId()).detail("kekId", info.kekId()));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("mediumId", info.linkId());
            data.put("broadcastKeyId", info.broadcastKeyId());
            data.put("authenticationKeyId", info.authenticationKeyId());
            data.put("kekId", info.kekId());
            return CloudResponse.ok("medium " + medium + ": broadcast keys stored wrapped; its next ciphered"
                    + " broadcast uses them", data);
        } catch (FumsException e) {
            audit(request, action, medium, signers, e, null, 1);
            throw e;
        } catch (NoClassDefFoundError | AbstractMethodError e) {
            FumsException x = notInstalled(op);
            audit(request, action, medium, signers, x, null, 1);
            throw x;
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private void requireKemKey(String op, String keyId) throws FumsException {
        if (!keyId.equals(kem.keyId())) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": the keys are sealed to key " + keyId
                    + ", this DCU's key-agreement key is " + kem.keyId() + " (read it from the DCU's state,"
                    + " section " + SECTION + "); nothing was changed");
        }
    }

    /** {@value #ROTATE}: one meter, its master key then the new encryption and authentication keys. */
    private CloudResponse rotate(CloudRequest request) throws FumsException {
        String op = request.operation();
        String action = "meter.keys.rotate.request";
        List<String> signers = request.command().map(c -> c.signerKeyIds()).orElse(List.of());
        String meterId = "?";
        byte[] plain = null;
        try {
            Body body = Body.of(request, Set.of("meterId", "keyAgreementKeyId", "sealedKeys"));
            meterId = body.string("meterId");
            String keyId = body.string("keyAgreementKeyId");
            requireKemKey(op, keyId);
            MeterKeys store = store(op);
            Optional<MeterJob> held = CampaignHolds.job(campaigns, meterId);
            if (held.isPresent()) {
                throw new FumsException(ErrorCode.CMD_METER_IN_CAMPAIGN, op + ": meter " + meterId + " is held by"
                        + " campaign " + held.get().campaignId() + " (job " + held.get().state() + "): cancel the"
                        + " campaign or wait for the meter to finish; nothing was changed");
            }
            plain = open(request, "", meterId, body.string("sealedKeys"), 3);
            MeterKeys.KeyInfo info = store.rotate(meterId, Arrays.copyOfRange(plain, 0, KEY_OCTETS),
                    Arrays.copyOfRange(plain, KEY_OCTETS, 2 * KEY_OCTETS),
                    Arrays.copyOfRange(plain, 2 * KEY_OCTETS, 3 * KEY_OCTETS));
            audit(request, action, meterId, signers, null, info, 1);
            return CloudResponse.ok("meter " + meterId + ": keys rotated on the meter and confirmed; the old keys are"
                    + " forgotten", result(info, true));
        } catch (FumsException e) {
            audit(request, action, meterId, signers, e, null, 1);
            throw e;
        } catch (NoClassDefFoundError e) {
            FumsException x = notInstalled(op);
            audit(request, action, meterId, signers, x, null, 1);
            throw x;
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static List<JsonElement> entries(String op, JsonElement meters) throws FumsException {
        if (!(meters instanceof JsonArray a) || a.isEmpty()) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": field 'meters' must be a non-empty array of"
                    + " {\"meterId\", \"sealedKeys\"}; nothing was changed");
        }
        if (a.size() > MAX_METERS) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": " + a.size() + " meters in one request, more"
                    + " than the " + MAX_METERS + " allowed: split them; nothing was changed");
        }
        return a.asList();
    }

    private static Body entry(String op, String where, JsonElement e) throws FumsException {
        if (!e.isJsonObject()) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": " + where + "not an object {\"meterId\","
                    + " \"sealedKeys\"}; nothing was changed");
        }
        try {
            return Body.of(op, e.getAsJsonObject(), ENTRY);
        } catch (FumsException x) {
            String m = x.getMessage().startsWith(op + ": ") ? x.getMessage().substring(op.length() + 2) : x.getMessage();
            throw new FumsException(x.code(), op + ": " + where + m + "; nothing was changed");
        }
    }

    /** The {@code keyCount} keys of 16 octets sealed for {@code meterId}, opened. */
    private byte[] open(CloudRequest request, String where, String meterId, String sealed, int keyCount)
            throws FumsException {
        return open(request, where, "meter " + meterId, sealed, DeviceKem.meterKeysAad(request.dcuId().value(),
                meterId), keyCount);
    }

    /** The {@code keyCount} keys of 16 octets sealed for {@code subject} with {@code aad}, opened. */
    private byte[] open(CloudRequest request, String where, String subject, String sealed, byte[] aad, int keyCount)
            throws FumsException {
        String op = request.operation();
        if (sealed.length() > (DeviceKem.MAX_SEALED + 2) / 3 * 4) { // the base64 length of MAX_SEALED octets
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": " + where + "sealedKeys is longer than "
                    + DeviceKem.MAX_SEALED + " octets; nothing was changed");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": " + where + "sealedKeys is not base64; nothing"
                    + " was changed");
        }
        byte[] plain;
        try {
            plain = kem.open(raw, aad);
        } catch (FumsException e) {
            throw new FumsException(e.code(), op + ": " + where + subject + ": " + e.getMessage()
                    + "; nothing was changed");
        }
        if (plain.length != keyCount * KEY_OCTETS) {
            Arrays.fill(plain, (byte) 0);
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": " + where + "the sealed keys are " + plain.length
                    + " octets, not the " + keyCount * KEY_OCTETS + (keyCount == 3 ? " of a master key, an"
                    + " encryption and an authentication key" : subject.startsWith("medium ")
                    ? " of a broadcast and an authentication key" : " of an encryption and an authentication key")
                    + "; nothing was changed");
        }
        return plain;
    }

    /** Every meter of a batch in the inventory, before any is stored (one meter: the store checks it). */
    private void requireKnown(String op, List<Opened> opened, boolean batch) throws FumsException {
        if (!batch) {
            return;
        }
        MeterInventory inv = inventory.get();
        if (inv == null) {
            throw notInstalled(op);
        }
        for (int i = 0; i < opened.size(); i++) {
            String id = opened.get(i).meterId();
            if (inv.meter(id).isEmpty()) {
                throw new FumsException(ErrorCode.METER_UNKNOWN, op + ": meters[" + i + "]: no meter " + id
                        + " in this DCU's inventory; nothing was changed");
            }
        }
    }

    private MeterKeys.KeyInfo stored(MeterKeys store, CloudRequest request, Opened m, List<String> signers,
                                     int batch) throws FumsException {
        MeterKeys.KeyInfo info = store.provision(m.meterId(), Arrays.copyOfRange(m.keys(), 0, KEY_OCTETS),
                Arrays.copyOfRange(m.keys(), KEY_OCTETS, 2 * KEY_OCTETS));
        audit(request, m.meterId(), signers, null, info, batch);
        return info;
    }

    private static Map<String, Object> result(MeterKeys.KeyInfo info, boolean withKek) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("meterId", info.meterId());
        data.put("encryptionKeyId", info.encryptionKeyId());
        data.put("authenticationKeyId", info.authenticationKeyId());
        if (withKek) {
            data.put("kekId", info.kekId());
        }
        return data;
    }

    private MeterKeys store(String op) throws FumsException {
        MeterKeys k = keys.get();
        if (k == null) {
            throw notInstalled(op);
        }
        return k;
    }

    private static FumsException notInstalled(String op) {
        return new FumsException(ErrorCode.CMD_UNKNOWN, op + ": the meter key store (io.fums.meter.reading) is not"
                + " running on this DCU");
    }

    private void audit(CloudRequest request, String meterId, List<String> signers, FumsException failure,
                       MeterKeys.KeyInfo info, int batch) {
        audit(request, "meter.keys.provision", meterId, signers, failure, info, batch);
    }

    private void audit(CloudRequest request, String action, String meterId, List<String> signers,
                       FumsException failure, MeterKeys.KeyInfo info, int batch) {
        OperatorAudit.append(audit, request, action, meterId, signers, failure,
                code -> OperatorAudit.refusal(code) || code == ErrorCode.METER_UNKNOWN
                        || code == ErrorCode.METER_KEYS_PENDING, b -> {
                    b.detail("keyAgreementKeyId", kem.keyId());
                    if (batch != 1) {
                        b.detail("entries", batch);
                    }
                    if (info != null) {
                        b.detail("encryptionKeyId", info.encryptionKeyId()).detail("authenticationKeyId",
                                info.authenticationKeyId()).detail("kekId", info.kekId());
                    }
                });
    }
}
