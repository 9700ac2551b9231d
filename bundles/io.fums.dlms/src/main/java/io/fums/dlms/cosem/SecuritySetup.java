package io.fums.dlms.cosem;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.Wrapper;
import org.bouncycastle.crypto.engines.AESWrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Security setup, Blue Book interface class 64 version 0 (IEC 62056-6-2
 * 4.4.7): the object through which a client reads a meter's security
 * context and transfers new symmetric keys to it (since 1.2).
 *
 * <p>Attributes: 2 security_policy (enum), 3 security_suite (enum), 4
 * client_system_title and 5 server_system_title (octet-string). Method 2,
 * key_transfer (global_key_transfer in version 0), takes
 * <pre>array key_data
 * key_data ::= structure { key_id: enum, key_wrapped: octet-string }</pre>
 * where key_wrapped is the new key wrapped with the AES key wrap of
 * RFC 3394 (default initial value A6A6A6A6A6A6A6A6) under the meter's
 * master key (the KEK): a 16-octet key wraps into 24 octets. The meter
 * installs the keys only if every one of them unwraps.
 */
public final class SecuritySetup {

    /** Interface class 64. */
    public static final int CLASS_ID = 64;
    /** The security setup of the management association, 0-0:43.0.0.255. */
    public static final ObisCode LOGICAL_NAME = new ObisCode(0, 0, 43, 0, 0, 255);
    /** Attribute 2, security_policy. */
    public static final int ATTR_SECURITY_POLICY = 2;
    /** Attribute 3, security_suite. */
    public static final int ATTR_SECURITY_SUITE = 3;
    /** Attribute 4, client_system_title. */
    public static final int ATTR_CLIENT_SYSTEM_TITLE = 4;
    /** Attribute 5, server_system_title. */
    public static final int ATTR_SERVER_SYSTEM_TITLE = 5;
    /** Method 2, key_transfer. */
    public static final int METHOD_KEY_TRANSFER = 2;
    /** Octets of a wrapped 16-octet key. */
    public static final int WRAPPED_OCTETS = 24;
    /** The most keys one key_transfer carries (one per key_id). */
    public static final int MAX_KEYS = 4;

    /** key_id of key_data. */
    public enum KeyId {
        /** 0: global unicast encryption key. */
        GLOBAL_UNICAST_ENCRYPTION,
        /** 1: global broadcast encryption key. */
        GLOBAL_BROADCAST_ENCRYPTION,
        /** 2: authentication key. */
        AUTHENTICATION,
        /** 3: master key (KEK). */
        MASTER;

        /** The enum value on the wire. */
        public int code() {
            return ordinal();
        }

        static KeyId of(int code) throws DlmsCodecException {
            if (code < 0 || code >= values().length) {
                throw new DlmsCodecException("key_id: expected an enum 0..3, got " + code);
            }
            return values()[code];
        }
    }

    /**
     * One key_data element: a key wrapped under the master key.
     *
     * @param keyId      which key it replaces
     * @param keyWrapped the RFC 3394 wrapped key
     */
    public record KeyData(KeyId keyId, byte[] keyWrapped) {
        /** Validates and copies. */
        public KeyData {
            Objects.requireNonNull(keyId, "keyId");
            keyWrapped = Objects.requireNonNull(keyWrapped, "keyWrapped").clone();
        }

        @Override
        public byte[] keyWrapped() {
            return keyWrapped.clone();
        }
    }

    private SecuritySetup() {
    }

    /** Attribute {@code attributeId} of the security setup object {@code instance}. */
    public static CosemAttributeDescriptor attribute(ObisCode instance, int attributeId) {
        return new CosemAttributeDescriptor(CLASS_ID, instance, attributeId);
    }

    /** key_transfer of the security setup object {@code instance}. */
    public static CosemMethodDescriptor keyTransfer(ObisCode instance) {
        return new CosemMethodDescriptor(CLASS_ID, instance, METHOD_KEY_TRANSFER);
    }

    /** The key_transfer parameter: array of key_data. */
    public static DataValue toDataValue(List<KeyData> keys) {
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("key_transfer carries 1.." + MAX_KEYS + " keys: " + keys.size());
        }
        List<DataValue> out = new ArrayList<>();
        for (KeyData k : keys) {
            out.add(DataValue.Structure.of(new DataValue.Enumerated(k.keyId().code()),
                    new DataValue.OctetString(k.keyWrapped())));
        }
        return new DataValue.Array(out);
    }

    /**
     * Decodes a key_transfer parameter.
     *
     * @throws DlmsCodecException not an array of 1..4 structure {enum 0..3, octet-string}, or a key_id twice
     */
    public static List<KeyData> fromDataValue(DataValue v) throws DlmsCodecException {
        if (!(v instanceof DataValue.Array a) || a.elements().isEmpty() || a.elements().size() > MAX_KEYS) {
            throw new DlmsCodecException("key_transfer: expected an array of 1.." + MAX_KEYS + " key_data");
        }
        List<KeyData> out = new ArrayList<>();
        for (DataValue e : a.elements()) {
            if (!(e instanceof DataValue.Structure s) || s.elements().size() != 2
                    || !(s.elements().get(0) instanceof DataValue.Enumerated id)
                    || !(s.elements().get(1) instanceof DataValue.OctetString w)) {
                throw new DlmsCodecException("key_data: expected structure { key_id enum, key_wrapped octet-string }");
            }
            KeyId k = KeyId.of(id.value());
            if (out.stream().anyMatch(d -> d.keyId() == k)) {
                throw new DlmsCodecException("key_transfer: key_id " + k.code() + " twice");
            }
            out.add(new KeyData(k, w.value()));
        }
        return out;
    }

    /** Wraps {@code key} (16 or 32 octets) under {@code masterKey} (AES key wrap, RFC 3394). */
    public static byte[] wrap(byte[] masterKey, byte[] key) {
        if (key.length % 8 != 0 || key.length < 16) {
            throw new IllegalArgumentException("a wrapped key has 16, 24 or 32 octets");
        }
        Wrapper w = engine(masterKey, true);
        return w.wrap(key, 0, key.length);
    }

    /**
     * Unwraps {@code wrapped} under {@code masterKey} (RFC 3394, integrity check of the initial value).
     *
     * @throws DlmsCodecException if it was not wrapped under this master key, or was changed
     */
    public static byte[] unwrap(byte[] masterKey, byte[] wrapped) throws DlmsCodecException {
        if (wrapped.length % 8 != 0 || wrapped.length < 24 || wrapped.length > 40) {
            throw new DlmsCodecException("key_wrapped: " + wrapped.length + " octets is not a wrapped key");
        }
        try {
            return engine(masterKey, false).unwrap(wrapped, 0, wrapped.length);
        } catch (InvalidCipherTextException e) {
            throw new DlmsCodecException("key_wrapped: does not unwrap under the master key (integrity check failed)");
        }
    }

    private static Wrapper engine(byte[] masterKey, boolean wrap) {
        if (masterKey == null || (masterKey.length != 16 && masterKey.length != 24 && masterKey.length != 32)) {
            throw new IllegalArgumentException("a master key has 16, 24 or 32 octets");
        }
        Wrapper w = new AESWrapEngine();
        w.init(wrap, new KeyParameter(masterKey));
        return w;
    }
}
