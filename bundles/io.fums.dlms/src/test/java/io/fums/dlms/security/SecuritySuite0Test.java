package io.fums.dlms.security;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Security suite 0 against the Green Book's examples (8th edition, tables 40 and 43), and replay protection. */
@Tag("SEC-3")
class SecuritySuite0Test {

    static final SecurityKeys KEYS = new SecurityKeys(parse("000102030405060708090A0B0C0D0E0F"),
            parse("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"));
    static final byte[] SERVER_TITLE = parse("4D4D4D0000BC614E");
    static final byte[] CLIENT_TITLE = parse("4D4D4D0000000001");
    static final byte[] GET_CLOCK = parse("C0010000080000010000FF0200");

    @Test
    void greenBookTable40AuthenticatedEncryption() throws DlmsException {
        byte[] payload = SecuritySuite0.protect(0x30, SERVER_TITLE, 0x01234567L, KEYS, GET_CLOCK);
        byte[] apdu = new CipheredApdu(0xC8, 0x30, 0x01234567L, payload).encode();
        assertThat(apdu).isEqualTo(parse("C8 1E 30 01234567 411312FF935A47566827C467BC 7D825C3BE4A77C3FCC056B6B"));
        CipheredApdu c = CipheredApdu.decode(apdu, DecodeLimits.DEFAULT);
        assertThat(SecuritySuite0.unprotect(c.securityControl(), SERVER_TITLE, c.invocationCounter(), KEYS,
                c.payload())).isEqualTo(GET_CLOCK);
    }

    @Test
    void greenBookTable40AuthenticationOnlyAndEncryptionOnly() throws DlmsException {
        assertThat(new CipheredApdu(0xC8, 0x10, 0x01234567L,
                SecuritySuite0.protect(0x10, SERVER_TITLE, 0x01234567L, KEYS, GET_CLOCK)).encode())
                .isEqualTo(parse("C8 1E 10 01234567 C0010000080000010000FF0200 06725D910F9221D263877516"));
        assertThat(new CipheredApdu(0xC8, 0x20, 0x01234567L,
                SecuritySuite0.protect(0x20, SERVER_TITLE, 0x01234567L, KEYS, GET_CLOCK)).encode())
                .isEqualTo(parse("C8 12 20 01234567 411312FF935A47566827C467BC"));
        assertThat(SecuritySuite0.unprotect(0x10, SERVER_TITLE, 0x01234567L, KEYS,
                parse("C0010000080000010000FF0200 06725D910F9221D263877516"))).isEqualTo(GET_CLOCK);
        assertThat(SecuritySuite0.unprotect(0x20, SERVER_TITLE, 0x01234567L, KEYS,
                parse("411312FF935A47566827C467BC"))).isEqualTo(GET_CLOCK);
    }

    @Test
    void greenBookTable43HlsGmac() {
        byte[] ctos = parse("4B35366956616759"); // "K56iVagY"
        byte[] stoc = parse("503677524A323146"); // "P6wRJ21F"
        byte[] fStoC = SecuritySuite0.hlsProof(CLIENT_TITLE, 1, KEYS, stoc);
        assertThat(fStoC).isEqualTo(parse("10 00000001 1A52FE7DD3E72748973C1E28"));
        byte[] fCtoS = SecuritySuite0.hlsProof(SERVER_TITLE, 0x01234567L, KEYS, ctos);
        assertThat(fCtoS).isEqualTo(parse("10 01234567 FE1466AFB3DBCD4F9389E2B7"));
        assertThat(SecuritySuite0.verifyHlsProof(fStoC, CLIENT_TITLE, KEYS, stoc)).isEqualTo(1);
        assertThat(SecuritySuite0.verifyHlsProof(fStoC, SERVER_TITLE, KEYS, stoc)).isEqualTo(-1);
        fStoC[7] ^= 1;
        assertThat(SecuritySuite0.verifyHlsProof(fStoC, CLIENT_TITLE, KEYS, stoc)).isEqualTo(-1);
    }

    @Test
    void tamperedOrWronglyKeyedApduIsRefused() {
        byte[] payload = SecuritySuite0.protect(0x30, SERVER_TITLE, 5, KEYS, GET_CLOCK);
        payload[3] ^= 0x40;
        assertThatThrownBy(() -> SecuritySuite0.unprotect(0x30, SERVER_TITLE, 5, KEYS, payload))
                .isInstanceOf(DlmsException.class).extracting(e -> ((DlmsException) e).code())
                .isEqualTo(ErrorCode.METER_AUTH_FAILED);
        SecurityKeys other = new SecurityKeys(new byte[16], KEYS.authenticationKey());
        byte[] good = SecuritySuite0.protect(0x30, SERVER_TITLE, 5, KEYS, GET_CLOCK);
        assertThatThrownBy(() -> SecuritySuite0.unprotect(0x30, SERVER_TITLE, 5, other, good))
                .isInstanceOf(DlmsException.class);
        assertThatThrownBy(() -> SecuritySuite0.unprotect(0x32, SERVER_TITLE, 5, KEYS, good))
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_PROTOCOL);
        // suite 1 (0x31) ciphers alike, but SC is authenticated: relabelled, the tag no longer verifies
        assertThatThrownBy(() -> SecuritySuite0.unprotect(0x31, SERVER_TITLE, 5, KEYS, good))
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
    }

    @Test
    void secureChannelRefusesReplayedCounter() throws DlmsException {
        InvocationCounters serverCounters = new InvocationCounters();
        SecureChannel server = new SecureChannel(SERVER_TITLE, CLIENT_TITLE, KEYS, null, serverCounters);
        SecureChannel client = new SecureChannel(CLIENT_TITLE, SERVER_TITLE, KEYS, null, new InvocationCounters());
        byte[] request = client.protect(GET_CLOCK, false);
        assertThat(request[0] & 0xFF).isEqualTo(0xC8);
        assertThat(server.unprotect(request, DecodeLimits.DEFAULT).apdu()).isEqualTo(GET_CLOCK);
        assertThatThrownBy(() -> server.unprotect(request, DecodeLimits.DEFAULT))
                .isInstanceOf(DlmsException.class).hasMessageContaining("replayed invocation counter 1")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        assertThat(serverCounters.replaysRefused()).as("counted, for the soak's no-counter-reused check").isEqualTo(1);
        assertThat(server.unprotect(client.protect(GET_CLOCK, false), DecodeLimits.DEFAULT).apdu())
                .isEqualTo(GET_CLOCK);
        assertThat(serverCounters.replaysRefused()).isEqualTo(1);
    }

    @Test
    void dedicatedKeyUsesDedTags() throws DlmsException {
        byte[] dk = parse("00112233445566778899AABBCCDDEEFF");
        SecureChannel client = new SecureChannel(CLIENT_TITLE, SERVER_TITLE, KEYS, dk, new InvocationCounters());
        SecureChannel server = new SecureChannel(SERVER_TITLE, CLIENT_TITLE, KEYS, dk, new InvocationCounters());
        byte[] request = client.protect(GET_CLOCK, true);
        assertThat(request[0] & 0xFF).isEqualTo(0xD0);
        SecureChannel.Opened o = server.unprotect(request, DecodeLimits.DEFAULT);
        assertThat(o.dedicated()).isTrue();
        assertThat(o.apdu()).isEqualTo(GET_CLOCK);
    }

    @Test
    void countersRoundTripAndExhaust() throws DlmsException {
        InvocationCounters c = new InvocationCounters(0xFFFF_FFFFL, 7);
        assertThat(c.take()).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(c::take).isInstanceOf(DlmsException.class);
        assertThatThrownBy(() -> c.acceptReceived(7)).isInstanceOf(DlmsException.class);
        c.acceptReceived(8);
        assertThat(c.lastReceived()).isEqualTo(8);
    }
}
