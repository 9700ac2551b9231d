package io.fums.emulator.dlms.session;

import static io.fums.emulator.dlms.session.AssociationTest.DCU_TITLE;
import static io.fums.emulator.dlms.session.AssociationTest.KEYS;
import static io.fums.emulator.dlms.session.AssociationTest.METER_TITLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.Aare;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.DataBlock;
import io.fums.dlms.apdu.GetRequest;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.apdu.SetRequest;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.link.PipeLink;
import io.fums.dlms.security.CipheredApdu;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecureChannel;
import io.fums.dlms.security.SecuritySuite0;
import io.fums.emulator.dlms.server.ServerSession;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.TestMeter;
import io.fums.dlms.transport.WrapperTransport;
import io.fums.dlms.wrapper.WrapperPdu;
import io.fums.dlms.wrapper.WrapperReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated APDUs against the meter's session (associated, plain
 * and ciphered) and the client's security decoder: no exception escapes, the
 * session keeps serving (SEC-2 on both sides).
 */
@Tag("SEC-2")
@Timeout(60)
class SessionFuzzTest {

    static final int CASES = 20_000;

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(4)) {
            case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
            default -> {
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            }
        }
        return b.length == 0 ? new byte[] {(byte) r.nextInt(256)} : b;
    }

    @Test
    void meterSessionAnswersAnythingWithoutFailing() throws Exception {
        for (boolean ciphered : new boolean[] {false, true}) {
            TestMeter meter = new TestMeter("MTR-FUZZ");
            ServerSettings s = ciphered ? ServerSettings.highGmac(KEYS, METER_TITLE, true) : ServerSettings.open();
            List<byte[]> seeds = new ArrayList<>();
            InvokeIdAndPriority iip = InvokeIdAndPriority.of(1);
            seeds.add(new GetRequest.Normal(iip, TestMeter.BLOB, null).encode());
            seeds.add(new GetRequest.Next(iip, 1).encode());
            seeds.add(new SetRequest.WithFirstDatablock(iip, TestMeter.BLOB, null,
                    new DataBlock(false, 1, new byte[] {9, 2, 1})).encode());
            seeds.add(new ActionRequest.WithPblock(iip, new DataBlock(true, 2, new byte[] {0})).encode());
            ServerSession session = new ServerSession(WrapperTransport.server(PipeLink.pair("unused")[0], 1), meter, s);
            InvocationCounters dcu = new InvocationCounters();
            // associate the bare session by hand, with a real client's AARQ
            byte[] aarq = aarqOf(a(ciphered, dcu));
            Aare aare = (Aare) Apdus.decode(session.handle(aarq));
            SecureChannel channel = ciphered ? new SecureChannel(DCU_TITLE, METER_TITLE, KEYS, null, dcu) : null;
            if (ciphered) { // HLS pass 3 and 4
                byte[] stoc = aare.respondingAuthenticationValue();
                byte[] proof = SecuritySuite0.hlsProof(DCU_TITLE, dcu.take(), KEYS, stoc);
                CosemMethodDescriptor replyToHls = new CosemMethodDescriptor(15, CosemObjects.CURRENT_ASSOCIATION, 1);
                session.handle(channel.protect(new ActionRequest.Normal(InvokeIdAndPriority.of(2), replyToHls,
                        new DataValue.OctetString(proof)).encode(), false));
            }
            assertThat(session.associated()).isTrue();
            Random r = new Random(ciphered ? 11 : 10);
            int answered = 0;
            for (int i = 0; i < CASES; i++) {
                byte[] plain = mutate(seeds.get(r.nextInt(seeds.size())), r);
                byte[] request = channel != null && r.nextInt(4) != 0 && CipheredApdu.gloTag(plain[0] & 0xFF) > 0
                        ? channel.protect(plain, false) : plain;
                if (r.nextInt(10) == 0) {
                    request = mutate(request, r);
                }
                if (session.handle(request) != null) {
                    answered++;
                }
            }
            assertThat(answered).isGreaterThan(CASES / 2);
            System.out.printf("session fuzz (ciphered=%s): %d cases, %d answered%n", ciphered, CASES, answered);
        }
    }

    private static AssociationSettings a(boolean ciphered, InvocationCounters c) {
        return ciphered ? AssociationSettings.highGmac(KEYS, DCU_TITLE, true).withCounters(c)
                : AssociationSettings.none();
    }

    /** The AARQ a client sends, captured from the wire. */
    private static byte[] aarqOf(AssociationSettings a) throws Exception {
        PipeLink[] p = PipeLink.pair("capture");
        Thread t = new Thread(() -> {
            try {
                DlmsClient.overWrapper(p[0], 1, 1, a.withResponseTimeout(Duration.ofMillis(200)));
            } catch (DlmsException e) {
                // no meter: expected
            }
        });
        t.start();
        byte[] buf = new byte[4096];
        WrapperReader reader = new WrapperReader();
        List<WrapperPdu> pdus = List.of();
        while (pdus.isEmpty()) {
            int n = p[1].read(buf, 0, buf.length, 2000);
            assertThat(n).isPositive();
            pdus = reader.feed(buf, 0, n);
        }
        t.join();
        return pdus.get(0).apdu();
    }

    @Test
    void clientSecurityDecoderRefusesGarbageWithItsOwnErrors() {
        SecureChannel client = new SecureChannel(DCU_TITLE, METER_TITLE, KEYS, null, new InvocationCounters());
        SecureChannel meter = new SecureChannel(METER_TITLE, DCU_TITLE, KEYS, null, new InvocationCounters());
        Random r = new Random(12);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] seed;
            try {
                seed = meter.protect(new byte[] {(byte) 0xC4, 1, (byte) 0xC1, 0, 9, 2, 1, 2}, false);
            } catch (DlmsException e) {
                throw new AssertionError(e);
            }
            try {
                CipheredApdu.decode(mutate(seed, r), DecodeLimits.DEFAULT);
            } catch (DlmsCodecException e) {
                refused++;
            }
            try {
                client.unprotect(mutate(seed, r), DecodeLimits.DEFAULT);
            } catch (DlmsException e) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(CASES);
    }
}
