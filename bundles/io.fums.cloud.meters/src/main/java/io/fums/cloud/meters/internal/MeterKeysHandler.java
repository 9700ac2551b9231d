package io.fums.cloud.meters.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.support.Body;
import io.fums.crypto.DeviceKem;
import io.fums.meter.reading.MeterKeys;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.MeterJob;
import io.fums.store.AuditLog;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code meters.keys.provision} (EXEC, signed): new security suite 0 keys for
 * a meter, sealed by the cloud to this DCU's key-agreement key
 * ({@link DeviceKem}, ECIES). The DCU opens them (associated data: this DCU's
 * id and the meter id), hands them to {@link MeterKeys} (wrapped at rest,
 * used from the meter's next association) and forgets them. Body:
 * <pre>{"meterId": "m-1", "keyAgreementKeyId": "&lt;16 hex&gt;", "sealedKeys": "&lt;base64&gt;"}</pre>
 * the sealed plaintext being the encryption key then the authentication key
 * (32 octets). Every attempt is audited ({@code meter.keys.provision}) with
 * the signers and, when stored, the key ids; never a key. Refusals change
 * nothing: {@code CMD_MALFORMED} (body, base64, size, another DCU key, not
 * authentic, not 32 octets), {@code METER_UNKNOWN}.
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
    /** The rotation on the meter. */
    public static final String ROTATE = "meters.keys.rotate";
    /** The state section with the key-agreement public key. */
    public static final String SECTION = "keyAgreementKey";
    /** The ECIES suite, as published and documented. */
    public static final String SUITE = "ECIES-P256-HKDF-SHA256-AES256GCM";

    private static final int KEY_OCTETS = 16;

    private final DeviceKem kem;
    private final Supplier<MeterKeys> keys;
    private final Supplier<CampaignService> campaigns;
    private final AuditLog audit;

    /**
     * @param kem       this DCU's key-agreement key
     * @param keys      the meter key store, or a supplier of null while it is absent
     * @param campaigns the meter-upgrade agent, or a supplier of null when it is not running
     * @param audit     where every attempt is audited
     */
    public MeterKeysHandler(DeviceKem kem, Supplier<MeterKeys> keys, Supplier<CampaignService> campaigns,
                            AuditLog audit) {
        this.kem = kem;
        this.keys = keys;
        this.campaigns = campaigns;
        this.audit = audit;
    }

    /** Without a campaign agent: no campaign ever holds a meter. */
    public MeterKeysHandler(DeviceKem kem, Supplier<MeterKeys> keys, AuditLog audit) {
        this(kem, keys, () -> null, audit);
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
        if (!OPERATION.equals(op) && !ROTATE.equals(op)) {
            throw new FumsException(ErrorCode.CMD_UNKNOWN, "not a meter key operation: " + op);
        }
        boolean rotate = ROTATE.equals(op);
        String action = rotate ? "meter.keys.rotate.request" : "meter.keys.provision";
        List<String> signers = request.command().map(c -> c.signerKeyIds()).orElse(List.of());
        String meterId = "?";
        byte[] plain = null;
        try {
            Body body = Body.of(op, request.bodyJson(), Set.of("meterId", "keyAgreementKeyId", "sealedKeys"));
            meterId = body.string("meterId");
            String keyId = body.string("keyAgreementKeyId");
            if (!keyId.equals(kem.keyId())) {
                throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": the keys are sealed to key " + keyId
                        + ", this DCU's key-agreement key is " + kem.keyId() + " (read it from the DCU's state,"
                        + " section " + SECTION + "); nothing was changed");
            }
            byte[] raw = sealed(op, body.string("sealedKeys"));
            MeterKeys store = store(op);
            if (rotate) {
                Optional<MeterJob> held = CampaignHolds.job(campaigns, meterId);
                if (held.isPresent()) {
                    throw new FumsException(ErrorCode.CMD_METER_IN_CAMPAIGN, op + ": meter " + meterId + " is held by"
                            + " campaign " + held.get().campaignId() + " (job " + held.get().state() + "): cancel the"
                            + " campaign or wait for the meter to finish; nothing was changed");
                }
            }
            try {
                plain = kem.open(raw, DeviceKem.meterKeysAad(request.dcuId().value(), meterId));
            } catch (FumsException e) {
                throw new FumsException(e.code(), op + ": meter " + meterId + ": " + e.getMessage()
                        + "; nothing was changed");
            }
            int expected = (rotate ? 3 : 2) * KEY_OCTETS;
            if (plain.length != expected) {
                throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": the sealed keys are " + plain.length
                        + " octets, not the " + expected + (rotate ? " of a master key, an encryption and an"
                        + " authentication key" : " of an encryption and an authentication key")
                        + "; nothing was changed");
            }
            MeterKeys.KeyInfo info = rotate
                    ? store.rotate(meterId, Arrays.copyOfRange(plain, 0, KEY_OCTETS),
                            Arrays.copyOfRange(plain, KEY_OCTETS, 2 * KEY_OCTETS),
                            Arrays.copyOfRange(plain, 2 * KEY_OCTETS, 3 * KEY_OCTETS))
                    : store.provision(meterId, Arrays.copyOfRange(plain, 0, KEY_OCTETS),
                            Arrays.copyOfRange(plain, KEY_OCTETS, 2 * KEY_OCTETS));
            audit(request, action, meterId, signers, null, info);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("meterId", meterId);
            data.put("encryptionKeyId", info.encryptionKeyId());
            data.put("authenticationKeyId", info.authenticationKeyId());
            data.put("kekId", info.kekId());
            return CloudResponse.ok(rotate ? "meter " + meterId + ": keys rotated on the meter and confirmed; the old"
                    + " keys are forgotten" : "meter " + meterId + ": keys stored wrapped; its next association uses"
                    + " them", data);
        } catch (FumsException e) {
            audit(request, action, meterId, signers, e, null);
            throw e;
        } catch (NoClassDefFoundError e) {
            FumsException x = notInstalled(op);
            audit(request, action, meterId, signers, x, null);
            throw x;
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] sealed(String op, String sealed) throws FumsException {
        if (sealed.length() > (DeviceKem.MAX_SEALED + 2) / 3 * 4) { // the base64 length of MAX_SEALED octets
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": sealedKeys is longer than "
                    + DeviceKem.MAX_SEALED + " octets; nothing was changed");
        }
        try {
            return Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": sealedKeys is not base64; nothing was"
                    + " changed");
        }
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

    private void audit(CloudRequest request, String action, String meterId, List<String> signers,
                       FumsException failure, MeterKeys.KeyInfo info) {
        OperatorAudit.append(audit, request, action, meterId, signers, failure,
                code -> OperatorAudit.refusal(code) || code == ErrorCode.METER_UNKNOWN, b -> {
                    b.detail("keyAgreementKeyId", kem.keyId());
                    if (info != null) {
                        b.detail("encryptionKeyId", info.encryptionKeyId()).detail("authenticationKeyId",
                                info.authenticationKeyId()).detail("kekId", info.kekId());
                    }
                });
    }
}
