package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firmware per component (issue 15): a meter with a core (1-0:0.2.0.255), a metrology (1-1:0.2.0.255) and a
 * communication module (1-2:0.2.0.255) image, each with its identifier and signature; an image names the
 * component it replaces, and an upgrade of one component never touches another, the metrology above all.
 *
 * <p>Proves: SM-1, MET-3, SM-2, SM-8.
 */
class ComponentFirmwareTest {

    private static final ObisCode METROLOGY_ID = ObisCode.parse("1-1:0.2.0.255");
    private static final ObisCode METROLOGY_SIGNATURE = ObisCode.parse("1-1:0.2.8.255");
    private static final ObisCode COMMS_ID = ObisCode.parse("1-2:0.2.0.255");
    private static final ObisCode COMMS_SIGNATURE = ObisCode.parse("1-2:0.2.8.255");
    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private MeterFixture m;

    @BeforeEach
    void meter() {
        m = new MeterFixture(dir, vendor, MeterFixture.spec(1000, 400, 600)
                .withComponents(Map.of("metrology", "4.0.0", "communication", "7.0.0")));
    }

    @Test
    @Tag("SM-1")
    void everyComponentReportsItsIdentifierAndSignatureAndTheObjectListNamesThem() {
        assertThat(m.firmware()).isEqualTo("1.0.0");
        assertThat(text(METROLOGY_ID)).isEqualTo("4.0.0");
        assertThat(text(COMMS_ID)).isEqualTo("7.0.0");
        assertThat(octets(METROLOGY_SIGNATURE)).hasSize(32);
        assertThat(octets(COMMS_SIGNATURE)).hasSize(32).isNotEqualTo(octets(METROLOGY_SIGNATURE));
        assertThat(m.model.objectList()).extracting(MeterModel.ObjectInfo::name)
                .contains(CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER, METROLOGY_ID, COMMS_ID, METROLOGY_SIGNATURE,
                        COMMS_SIGNATURE);
        assertThat(m.model.status().components()).containsExactlyInAnyOrderEntriesOf(
                Map.of("metrology", "4.0.0", "communication", "7.0.0"));
    }

    @Test
    @Tag("SM-1")
    @Tag("MET-3")
    @Tag("SM-8")
    void upgradesOfTheCommunicationModuleAndTheCoreNeverTouchTheMetrology() throws Exception {
        byte[] metrologySignature = octets(METROLOGY_SIGNATURE);
        long import0 = m.importRegister();

        byte[] comms = m.image(new ImageHeader("7.1.0", MeterFixture.TYPE, 0, "communication"), 3000, vendor);
        upgrade(comms);
        assertThat(text(COMMS_ID)).isEqualTo("7.1.0");
        assertThat(octets(COMMS_SIGNATURE)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(comms));
        assertThat(m.firmware()).as("the core is not touched by a communication image").isEqualTo("1.0.0");
        assertThat(m.model.status().bankVersions()).containsExactly("1.0.0", null);

        upgrade(m.image("2.0.0", 3000));
        assertThat(m.firmware()).isEqualTo("2.0.0");
        assertThat(text(COMMS_ID)).as("the communication module keeps its image").isEqualTo("7.1.0");

        assertThat(text(METROLOGY_ID)).as("MET-3: the metrology image is never replaced").isEqualTo("4.0.0");
        assertThat(octets(METROLOGY_SIGNATURE)).isEqualTo(metrologySignature);
        // the measuring part kept measuring through both upgrades: 3600 W is 1 Wh a second, without a gap
        long elapsedSeconds = (m.time.millis() - MeterFixture.START) / 1000;
        assertThat(m.importRegister()).isEqualTo(import0 + elapsedSeconds);
        assertThat(m.model.status().upgradesSucceeded()).isEqualTo(2);
    }

    @Test
    @Tag("SM-2")
    void aCommunicationImageThatFailsItsSelfCheckRevertsThatComponentOnly() {
        byte[] bad = m.image(new ImageHeader("7.2.0", MeterFixture.TYPE, ImageHeader.FLAG_SELF_CHECK_FAILS,
                "communication"), 3000, vendor);
        m.transferAndVerify("COMMS-7.2.0", bad);
        assertThat(m.activate()).isEqualTo(ActionResult.TEMPORARY_FAILURE);
        m.time.advance(400);
        assertThat(text(COMMS_ID)).as("under trial").isEqualTo("7.2.0");
        m.time.advance(600);
        assertThat(m.status()).isEqualTo(7);
        assertThat(text(COMMS_ID)).isEqualTo("7.0.0");
        assertThat(m.firmware()).isEqualTo("1.0.0");
        assertThat(text(METROLOGY_ID)).isEqualTo("4.0.0");
        assertThat(m.model.status().events()).anyMatch(e -> e.contains("component communication: back to 7.0.0"));
    }

    @Test
    @Tag("SM-2")
    void aPowerCutDuringTheSelfCheckOfAComponentBootsItsPreviousImage() {
        m.transferAndVerify("COMMS-7.3.0",
                m.image(new ImageHeader("7.3.0", MeterFixture.TYPE, 0, "communication"), 3000, vendor));
        m.activate();
        m.time.advance(400);
        assertThat(text(COMMS_ID)).isEqualTo("7.3.0");
        m.model.powerCut("test", 0);
        m.open();
        assertThat(text(COMMS_ID)).isEqualTo("7.0.0");
        assertThat(m.status()).isEqualTo(7);
    }

    @Test
    void anImageForAComponentTheMeterLacksFailsVerification() {
        m = new MeterFixture(dir.resolve("core-only"), vendor, MeterFixture.spec(1000, 400, 600));
        byte[] metrology = m.image(new ImageHeader("5.0.0", MeterFixture.TYPE, 0, "metrology"), 3000, vendor);
        m.transfer("MET-5.0.0", metrology);
        m.verify();
        m.time.advance(1000);
        assertThat(m.status()).isEqualTo(4);
        assertThat(m.model.status().events()).anyMatch(e -> e.contains("metrology component, which this meter"));
        assertThat(m.model.objectList()).extracting(MeterModel.ObjectInfo::name).doesNotContain(METROLOGY_ID, COMMS_ID);
    }

    @Test
    void componentVersionsSurviveARestart() {
        upgrade(m.image(new ImageHeader("7.4.0", MeterFixture.TYPE, 0, "communication"), 3000, vendor));
        m.open();
        assertThat(text(COMMS_ID)).isEqualTo("7.4.0");
        assertThat(text(METROLOGY_ID)).isEqualTo("4.0.0");
    }

    private void upgrade(byte[] image) {
        m.transferAndVerify("IMG", image);
        assertThat(m.activate()).isEqualTo(ActionResult.TEMPORARY_FAILURE);
        m.time.advance(1000);
        assertThat(m.status()).isEqualTo(6);
    }

    private String text(ObisCode obis) {
        return new String(octets(obis), StandardCharsets.UTF_8);
    }

    private byte[] octets(ObisCode obis) {
        return ((DataValue.OctetString) m.get(1, obis, 2)).value();
    }
}
