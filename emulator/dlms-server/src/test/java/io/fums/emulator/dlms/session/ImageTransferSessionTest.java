package io.fums.emulator.dlms.session;

import static io.fums.emulator.dlms.session.AssociationTest.DCU_TITLE;
import static io.fums.emulator.dlms.session.AssociationTest.KEYS;
import static io.fums.emulator.dlms.session.AssociationTest.METER_TITLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.axdr.Axdr;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.DlmsRefusedException;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.cosem.ImageToActivateInfo;
import io.fums.dlms.cosem.ImageTransferStatus;
import java.util.HexFormat;
import io.fums.dlms.security.InvocationCounters;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.Harness;
import io.fums.emulator.dlms.testing.TestMeter;
import io.fums.emulator.dlms.server.HdlcServerTransport;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.dlms.transport.WrapperTransport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 256 KiB image through the class 18 methods against the in-test image
 * model: complete receipt confirmed (SM-3), verification before activation
 * (SM-4), activation scheduled (SM-9) and performed, configuration unchanged
 * (NET-1), over HDLC and over the ciphered TCP wrapper.
 */
@Tag("CARD-4")
class ImageTransferSessionTest {

    static final int IMAGE_SIZE = 256 * 1024;
    static final byte[] NEW_ID = "FW-2.0.0".getBytes(StandardCharsets.US_ASCII);

    static byte[] image() {
        byte[] b = new byte[IMAGE_SIZE];
        new Random(18).nextBytes(b);
        return b;
    }

    @Tag("SM-3")
    @Tag("SM-4")
    @Tag("SM-9")
    @Tag("NET-1")
    @Test
    void transfersVerifiesSchedulesAndActivatesOverHdlc() throws Exception {
        TestMeter meter = new TestMeter("MTR-IMG");
        meter.imageBlockSize = 1800; // blocks plus header exceed the 1024-byte PDU: ACTION with pblocks
        meter.tcpPort = 4063;
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, HdlcSettings.server(1, 0x11)), meter,
                ServerSettings.open())) {
            HdlcSettings hdlc = HdlcSettings.client(0x10, 1, 0x11).withMaxInfo(512, 512).withWindow(3, 3);
            try (DlmsClient c = DlmsClient.overHdlc(h.clientLink, hdlc, AssociationSettings.none())) {
                upgrade(c, meter, image(), NEW_ID);
            }
        }
    }

    @Tag("SM-3")
    @Tag("SM-4")
    @Tag("SEC-3")
    @Test
    void resumesAnInterruptedTransferOverTheCipheredWrapper() throws Exception {
        TestMeter meter = new TestMeter("MTR-IMG2");
        meter.imageBlockSize = 960;
        byte[] image = image();
        ServerSettings s = ServerSettings.highGmac(KEYS, METER_TITLE, true).withMaxReceivePduSize(1200);
        AssociationSettings a = AssociationSettings.highGmac(KEYS, DCU_TITLE, true).withCounters(
                new InvocationCounters()).withResponseTimeout(Duration.ofSeconds(5));
        try (Harness h = Harness.start(l -> WrapperTransport.server(l, 1), meter, s)) {
            DlmsClient c = DlmsClient.overWrapper(h.clientLink, 1, 1, a);
            ImageTransferClient it = new ImageTransferClient(c);
            it.enable(true);
            it.initiate(NEW_ID, image.length);
            for (int n = 0; n < 100; n++) {
                it.transferBlock(n, java.util.Arrays.copyOfRange(image, n * 960, n * 960 + 960));
            }
            assertThatThrownBy(it::verify).isInstanceOf(DlmsRefusedException.class) // SM-3: incomplete image
                    .extracting(e -> ((DlmsRefusedException) e).actionResult()).isEqualTo(ActionResult.OTHER_REASON);
            c.close(); // the link breaks
        }
        try (Harness h = Harness.start(l -> WrapperTransport.server(l, 1), meter, s);
                DlmsClient c = DlmsClient.overWrapper(h.clientLink, 1, 1, a)) {
            ImageTransferClient it = new ImageTransferClient(c);
            it.initiate(NEW_ID, image.length); // the failed verify left the transfer; start over from block 0
            for (int n = 0; n < 50; n++) {
                it.transferBlock(n, java.util.Arrays.copyOfRange(image, n * 960, n * 960 + 960));
            }
            assertThat(it.firstNotTransferredBlock()).isEqualTo(50);
            assertThat(it.transferImage(NEW_ID, image, true)).isEqualTo(274); // resumes at block 50
            upgrade(c, meter, image, NEW_ID);
        }
    }

    static void upgrade(DlmsClient c, TestMeter meter, byte[] image, byte[] id) throws Exception {
        MeterObjects objects = new MeterObjects(c);
        ImageTransferClient it = new ImageTransferClient(c);
        DataValue port = c.get(TestMeter.TCP_PORT);
        long blocks = it.transferImage(id, image, true);
        assertThat(blocks).isEqualTo((image.length + meter.imageBlockSize - 1) / meter.imageBlockSize);
        assertThat(meter.image()).isEqualTo(image);
        // SM-3: the meter confirms complete receipt
        assertThat(it.firstNotTransferredBlock()).isEqualTo(blocks);
        DataValue.BitString bitmap = it.transferredBlocks();
        assertThat(bitmap.bitLength()).isEqualTo((int) blocks);
        for (int i = 0; i < blocks; i++) {
            assertThat(bitmap.get(i)).isTrue();
        }
        // SM-4: verified before activation, with what will be activated
        assertThat(it.verify()).isTrue();
        assertThat(it.status()).isEqualTo(ImageTransferStatus.VERIFICATION_SUCCESSFUL);
        List<ImageToActivateInfo> info = it.imageToActivateInfo();
        assertThat(info).containsExactly(new ImageToActivateInfo(image.length, id,
                MessageDigest.getInstance("SHA-256").digest(image)));
        // SM-9: activation at a scheduled time
        it.scheduleActivation(new CosemDateTime(2030, 6, 15, 0xFF, 2, 0, 0, 0, 0, 0));
        assertThat(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(Axdr.encode(meter.executionTime)))
                .isEqualTo("01 01 02 02 09 04 02 00 00 00 09 05 07 EE 06 0F FF");
        assertThat(it.activate()).isTrue();
        assertThat(it.status()).isEqualTo(ImageTransferStatus.ACTIVATION_SUCCESSFUL);
        assertThat(objects.activeFirmwareIdentifier()).isEqualTo(new String(id, StandardCharsets.US_ASCII));
        // NET-1: the network setting reads back unchanged after the upgrade
        assertThat(c.get(TestMeter.TCP_PORT)).isEqualTo(port);
        assertThat(objects.energyImport().value()).isEqualByComparingTo("12345.6");
    }
}
