package io.fums.emulator.meter.model;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.cosem.SecuritySetup;
import io.fums.dlms.cosem.SecuritySetup.KeyData;
import io.fums.dlms.cosem.SecuritySetup.KeyId;
import io.fums.emulator.dlms.server.CosemObjectModel.ActionOutcome;
import io.fums.emulator.dlms.server.CosemObjectModel.GetOutcome;
import io.fums.emulator.meter.config.MeterSecurity;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The security setup (class 64, version 0) at 0-0:43.0.0.255: attribute 2
 * security_policy, 3 security_suite (0), 4 client_system_title, 5
 * server_system_title; method 2 key_transfer. The meter holds a master key
 * (KEK); key_transfer unwraps every key_data under it (RFC 3394) and, only
 * if all unwrap, keeps the new keys as transferred (saved with the meter,
 * durable across restarts): they apply from the next association on
 * ({@link #beginAssociation}), as on real meters, so the association that
 * transferred them is not cut off under its client. A key that does not
 * unwrap, or a global broadcast key (key id 1) for a meter that does not
 * cipher, is refused (other-reason) and changes nothing. A new master key
 * applies at once to the next key_transfer.
 *
 * <p>On installing new keys the meter counts anew: its next invocation
 * counter is 1 and it forgets the client's last one (Green Book: a counter
 * belongs to its key); a new broadcast key forgets the last broadcast
 * counter accepted.
 */
final class SecuritySetupObject implements CosemObject {

    private static final HexFormat HEX = HexFormat.of();
    private final Meter meter;
    private MeterSecurity configured;

    SecuritySetupObject(Meter meter) {
        this.meter = meter;
    }

    @Override public int classId() { return SecuritySetup.CLASS_ID; }

    @Override public ObisCode name() { return SecuritySetup.LOGICAL_NAME; }

    @Override public int attributeCount() { return 5; }

    @Override public int methodCount() { return 2; }

    /** The configured security and the factory master key; a master key transferred earlier is kept. */
    void configure(MeterSecurity security, byte[] masterKey) {
        configured = security;
        if (meter.state.masterKey == null && masterKey != null) {
            meter.state.masterKey = HEX.formatHex(masterKey);
            meter.save();
        }
    }

    @Override
    public GetOutcome get(int attribute) {
        return GetOutcome.of(switch (attribute) {
            case 2 -> new DataValue.Enumerated(configured != null && configured.ciphering() ? 3 : 0);
            case 3 -> new DataValue.Enumerated(0);
            case 4 -> new DataValue.OctetString(new byte[0]);
            default -> new DataValue.OctetString(configured == null ? new byte[0] : configured.systemTitle());
        });
    }

    @Override
    public ActionOutcome action(int method, DataValue parameters) {
        if (method != SecuritySetup.METHOD_KEY_TRANSFER) {
            return new ActionOutcome(ActionResult.READ_WRITE_DENIED, null);
        }
        List<KeyData> keys;
        try {
            keys = SecuritySetup.fromDataValue(parameters);
        } catch (DlmsCodecException e) {
            return new ActionOutcome(ActionResult.TYPE_UNMATCHED, null);
        }
        if (meter.state.masterKey == null || configured == null || configured.encryptionKey() == null) {
            meter.event("key transfer refused: no master key");
            return new ActionOutcome(ActionResult.OTHER_REASON, null);
        }
        byte[] kek = HEX.parseHex(meter.state.masterKey);
        String[] out = new String[KeyId.values().length];
        try {
            for (KeyData k : keys) {
                byte[] key = SecuritySetup.unwrap(kek, k.keyWrapped());
                if (key.length != 16 || k.keyId() == KeyId.GLOBAL_BROADCAST_ENCRYPTION && !configured.ciphering()) {
                    meter.event("key transfer refused: key " + k.keyId().code() + " not usable");
                    return new ActionOutcome(ActionResult.OTHER_REASON, null);
                }
                out[k.keyId().code()] = HEX.formatHex(key);
                Arrays.fill(key, (byte) 0);
            }
        } catch (DlmsCodecException e) {
            meter.event("key transfer refused: " + e.getMessage());
            return new ActionOutcome(ActionResult.OTHER_REASON, null);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
        MeterState s = meter.state;
        if (out[KeyId.MASTER.code()] != null) {
            s.masterKey = out[KeyId.MASTER.code()];
        }
        String ek = out[KeyId.GLOBAL_UNICAST_ENCRYPTION.code()];
        String ak = out[KeyId.AUTHENTICATION.code()];
        if (ek != null || ak != null) {
            s.nextEncryptionKey = ek != null ? ek : s.nextEncryptionKey != null ? s.nextEncryptionKey
                    : current(s.encryptionKey, configured.encryptionKey());
            s.nextAuthenticationKey = ak != null ? ak : s.nextAuthenticationKey != null ? s.nextAuthenticationKey
                    : current(s.authenticationKey, configured.authenticationKey());
        }
        if (out[KeyId.GLOBAL_BROADCAST_ENCRYPTION.code()] != null) {
            s.nextBroadcastKey = out[KeyId.GLOBAL_BROADCAST_ENCRYPTION.code()];
        }
        meter.event("key transfer: " + keys.size() + " keys installed for the next association");
        meter.save();
        return new ActionOutcome(ActionResult.SUCCESS, null);
    }

    /**
     * A new association starts: keys transferred in an earlier one take effect, and the meter counts anew.
     *
     * @return the security the association runs with
     */
    MeterSecurity beginAssociation(MeterSecurity security) {
        MeterState s = meter.state;
        if (s.nextEncryptionKey != null) {
            s.encryptionKey = s.nextEncryptionKey;
            s.authenticationKey = s.nextAuthenticationKey;
            s.nextEncryptionKey = null;
            s.nextAuthenticationKey = null;
            s.counterNextToSend = 1;
            s.counterLastReceived = -1;
            meter.event("transferred keys in use");
            meter.save();
        }
        if (s.nextBroadcastKey != null) {
            s.broadcastKey = s.nextBroadcastKey;
            s.nextBroadcastKey = null;
            s.broadcastLastReceived = -1;
            meter.event("transferred broadcast key in use");
            meter.save();
        }
        byte[] bk = s.broadcastKey != null ? HEX.parseHex(s.broadcastKey) : security.broadcastKey();
        byte[] bak = bk == null ? null : security.broadcastAuthenticationKey() != null
                ? security.broadcastAuthenticationKey()
                : s.authenticationKey != null ? HEX.parseHex(s.authenticationKey) : security.authenticationKey();
        if (s.encryptionKey == null || security.encryptionKey() == null) {
            return s.broadcastKey == null ? security : new MeterSecurity(security.authentication(),
                    security.password(), security.encryptionKey(), security.authenticationKey(),
                    security.systemTitle(), security.ciphering(), security.signingKey(), security.clientKey(), bk,
                    bak);
        }
        return new MeterSecurity(security.authentication(), security.password(), HEX.parseHex(s.encryptionKey),
                HEX.parseHex(s.authenticationKey), security.systemTitle(), security.ciphering(), security.signingKey(),
                security.clientKey(), bk, bak);
    }

    private static String current(String transferred, byte[] configuredKey) {
        return transferred != null ? transferred : HEX.formatHex(configuredKey);
    }
}
