package io.fums.dlms.cosem;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.Axdr;
import io.fums.dlms.cosem.SecuritySetup.KeyData;
import io.fums.dlms.cosem.SecuritySetup.KeyId;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Security setup, Blue Book class 64: key_transfer encoding and the AES key wrap of RFC 3394 (SEC-1 key rotation). */
@Tag("SEC-1")
class SecuritySetupTest {

    private static final byte[] KEY = parse("00112233445566778899AABBCCDDEEFF");

    @Test
    void descriptors() {
        assertThat(SecuritySetup.LOGICAL_NAME).hasToString("0-0:43.0.0.255");
        assertThat(SecuritySetup.keyTransfer(SecuritySetup.LOGICAL_NAME))
                .isEqualTo(new CosemMethodDescriptor(64, SecuritySetup.LOGICAL_NAME, 2));
        assertThat(SecuritySetup.attribute(SecuritySetup.LOGICAL_NAME, SecuritySetup.ATTR_SECURITY_SUITE))
                .isEqualTo(new CosemAttributeDescriptor(64, SecuritySetup.LOGICAL_NAME, 3));
    }

    /** RFC 3394 4.1: 128 bits of key data with a 128-bit KEK. */
    @Test
    void rfc3394Vector41() throws DlmsCodecException {
        byte[] kek = parse("000102030405060708090A0B0C0D0E0F");
        byte[] wrapped = SecuritySetup.wrap(kek, KEY);
        assertThat(wrapped).isEqualTo(parse("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"));
        assertThat(SecuritySetup.unwrap(kek, wrapped)).isEqualTo(KEY);
    }

    /** RFC 3394 4.2 and 4.3: the same key data with a 192-bit and a 256-bit KEK. */
    @Test
    void rfc3394Vectors42And43() throws DlmsCodecException {
        byte[] kek192 = parse("000102030405060708090A0B0C0D0E0F1011121314151617");
        assertThat(SecuritySetup.wrap(kek192, KEY)).isEqualTo(parse("96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D"));
        byte[] kek256 = parse("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        byte[] w = SecuritySetup.wrap(kek256, KEY);
        assertThat(w).isEqualTo(parse("64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"));
        assertThat(SecuritySetup.unwrap(kek256, w)).isEqualTo(KEY);
    }

    /** Wrapped under another master key, or changed in one bit: refused by the integrity check. */
    @Test
    void unwrapRefusesAnotherMasterKeyAndChangedData() {
        byte[] kek = parse("000102030405060708090A0B0C0D0E0F");
        byte[] wrapped = SecuritySetup.wrap(kek, KEY);
        assertThatThrownBy(() -> SecuritySetup.unwrap(parse("0F0E0D0C0B0A09080706050403020100"), wrapped))
                .isInstanceOf(DlmsCodecException.class).hasMessageContaining("integrity check failed");
        wrapped[5] ^= 1;
        assertThatThrownBy(() -> SecuritySetup.unwrap(kek, wrapped)).isInstanceOf(DlmsCodecException.class);
        assertThatThrownBy(() -> SecuritySetup.unwrap(kek, new byte[17])).isInstanceOf(DlmsCodecException.class)
                .hasMessageContaining("not a wrapped key");
    }

    /** key_transfer: array of structure { key_id enum, key_wrapped octet-string }, A-XDR. */
    @Test
    void keyTransferEncoding() throws DlmsCodecException {
        byte[] w = parse("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        List<KeyData> keys = List.of(new KeyData(KeyId.GLOBAL_UNICAST_ENCRYPTION, w), new KeyData(KeyId.AUTHENTICATION, w));
        byte[] encoded = Axdr.encode(SecuritySetup.toDataValue(keys));
        assertThat(encoded).isEqualTo(parse("01 02 02 02 16 00 09 18 1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"
                + " 02 02 16 02 09 18 1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"));
        List<KeyData> back = SecuritySetup.fromDataValue(Axdr.decode(encoded));
        assertThat(back).extracting(KeyData::keyId).containsExactly(KeyId.GLOBAL_UNICAST_ENCRYPTION, KeyId.AUTHENTICATION);
        assertThat(back.get(1).keyWrapped()).isEqualTo(w);
    }

    /** Hostile parameters: empty, too many, unknown key_id, a key_id twice, wrong types. */
    @Test
    void hostileKeyTransferParameters() {
        for (String hex : List.of("01 00", "01 01 02 02 16 04 09 00", "01 02 02 02 16 00 09 00 02 02 16 00 09 00",
                "01 01 02 01 16 00", "01 01 02 02 11 00 09 00", "09 00",
                "01 05 02 02 16 00 09 00 02 02 16 01 09 00 02 02 16 02 09 00 02 02 16 03 09 00 02 02 16 00 09 00")) {
            assertThatThrownBy(() -> SecuritySetup.fromDataValue(Axdr.decode(parse(hex))), hex)
                    .isInstanceOf(DlmsCodecException.class);
        }
    }
}
