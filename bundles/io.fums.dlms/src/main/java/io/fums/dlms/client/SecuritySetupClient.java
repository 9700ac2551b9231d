package io.fums.dlms.client;

import io.fums.dlms.DlmsException;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.cosem.SecuritySetup;
import io.fums.dlms.cosem.SecuritySetup.KeyData;
import io.fums.dlms.cosem.SecuritySetup.KeyId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A meter's security setup object (class 64) over an association: reads its
 * security context and transfers new keys to it with key_transfer, each key
 * wrapped under the meter's master key (RFC 3394). Real meters, and the
 * emulator, apply transferred keys from the next association on: the
 * association that transferred them goes on with the old ones.
 *
 * @since 1.3
 */
public final class SecuritySetupClient {

    private final DlmsClient client;
    private final ObisCode instance;

    /** The security setup object {@code instance} over {@code client}'s association. */
    public SecuritySetupClient(DlmsClient client, ObisCode instance) {
        this.client = Objects.requireNonNull(client, "client");
        this.instance = Objects.requireNonNull(instance, "instance");
    }

    /** The security setup of the management association, {@link SecuritySetup#LOGICAL_NAME}. */
    public SecuritySetupClient(DlmsClient client) {
        this(client, SecuritySetup.LOGICAL_NAME);
    }

    /** security_suite (attribute 3): 0 for AES-GCM-128. */
    public int securitySuite() throws DlmsException {
        DataValue v = client.get(SecuritySetup.attribute(instance, SecuritySetup.ATTR_SECURITY_SUITE));
        return new MeterObjects(client).check(() -> (int) DataValues.toLong(v, "security_suite"));
    }

    /** server_system_title (attribute 5). */
    public byte[] serverSystemTitle() throws DlmsException {
        DataValue v = client.get(SecuritySetup.attribute(instance, SecuritySetup.ATTR_SERVER_SYSTEM_TITLE));
        return new MeterObjects(client).check(() -> DataValues.toOctets(v, "server_system_title"));
    }

    /**
     * Invokes key_transfer with {@code keys}, each wrapped here under
     * {@code masterKey}; nothing of a key leaves this method unwrapped.
     *
     * @param masterKey the meter's master key (KEK), 16 octets
     * @param keys      the new keys by key id, 16 octets each
     * @throws DlmsRefusedException if the meter refuses them (e.g. they do not unwrap under its master key)
     */
    public void transferKeys(byte[] masterKey, Map<KeyId, byte[]> keys) throws DlmsException {
        List<KeyData> data = new ArrayList<>();
        for (KeyId id : KeyId.values()) {
            byte[] k = keys.get(id);
            if (k != null) {
                byte[] w = SecuritySetup.wrap(masterKey, k);
                data.add(new KeyData(id, w));
                Arrays.fill(w, (byte) 0);
            }
        }
        client.action(SecuritySetup.keyTransfer(instance), SecuritySetup.toDataValue(data));
    }
}
