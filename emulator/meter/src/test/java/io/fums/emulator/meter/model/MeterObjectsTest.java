package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.ScalerUnit;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.cosem.ObjectList;
import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The objects the DCU reads: device id, firmware, clock, energy registers, settings, object list. */
class MeterObjectsTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private MeterFixture m;

    @BeforeEach
    void meter() {
        m = new MeterFixture(dir, vendor, MeterFixture.spec(1000, 400, 600));
    }

    @Test
    @Tag("SM-1")
    void identityAndFirmware() {
        assertThat(m.get(CosemObjects.DEVICE_ID_VALUE))
                .isEqualTo(new DataValue.OctetString("EMU00000001".getBytes(StandardCharsets.US_ASCII)));
        assertThat(m.firmware()).isEqualTo("1.0.0");
        assertThat(((DataValue.OctetString) m.get(CosemObjects.ACTIVE_FIRMWARE_SIGNATURE_VALUE)).length()).isEqualTo(32);
        assertThat(m.model.set(CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER_VALUE, new DataValue.OctetString(new byte[1])))
                .isEqualTo(DataAccessResult.READ_WRITE_DENIED);
    }

    @Test
    @Tag("SM-8")
    @Tag("MET-3")
    void energyRegistersAdvanceInRealTimeWithTheirScalerUnit() throws Exception {
        assertThat(m.importRegister()).isEqualTo(1000);
        assertThat(m.exportRegister()).isEqualTo(10);
        assertThat(ScalerUnit.fromDataValue(m.get(CosemObjects.register(CosemObjects.ACTIVE_ENERGY_IMPORT, 3))))
                .isEqualTo(new ScalerUnit(0, ScalerUnit.UNIT_WATT_HOUR));
        m.time.advance(60_000);
        assertThat(m.importRegister()).isEqualTo(1060);
        assertThat(m.exportRegister()).isEqualTo(16);
        assertThat(m.model.set(CosemObjects.register(CosemObjects.ACTIVE_ENERGY_IMPORT, 2), new DataValue.UInt32(0)))
                .isEqualTo(DataAccessResult.READ_WRITE_DENIED);
    }

    @Test
    @Tag("SM-8")
    void energyKeepsAdvancingWhileAnImageIsReceived() {
        byte[] image = m.image("2.0.0", 3000);
        m.initiate("FW", image.length);
        long e0 = m.importRegister();
        for (int n = 0; n < m.blocks(image); n++) {
            m.block(image, n);
            m.time.advance(500);
            assertThat(m.importRegister()).isEqualTo(e0 + (n + 1) / 2);
        }
    }

    @Test
    void aScalerOfMinusOneCountsTenthsOfWattHours() {
        m = new MeterFixture(dir.resolve("m2"), vendor, new MeterSpec("m2", "X", MeterFixture.TYPE, "1.0.0", 128,
                1 << 20, 3600, 0, -1, 5, 0, 0, 0, 0, 0, false, null));
        assertThat(m.importRegister()).isEqualTo(50);
        m.time.advance(1000);
        assertThat(m.importRegister()).isEqualTo(60);
    }

    @Test
    @Tag("NET-1")
    void settingsAreWritableWithTheirOwnTypeOnly() {
        ObisCode pan = ObisCode.parse("0-0:96.50.2.255");
        assertThat(m.get(1, pan, 2)).isEqualTo(new DataValue.UInt16(4660));
        assertThat(m.set(1, pan, 2, new DataValue.UInt8(1))).isEqualTo(DataAccessResult.TYPE_UNMATCHED);
        assertThat(m.set(1, pan, 2, new DataValue.UInt16(99))).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(m.get(1, pan, 2)).isEqualTo(new DataValue.UInt16(99));
    }

    @Test
    void theClockReadsTheMetersTimeAndCanBeSet() throws Exception {
        var t = CosemDateTime.fromDataValue(m.get(CosemObjects.CLOCK_TIME)).toOffsetDateTime();
        assertThat(t.toInstant().toEpochMilli()).isEqualTo(MeterFixture.START);
        assertThat(m.get(CosemObjects.CLOCK_TIME_ZONE)).isEqualTo(new DataValue.Int16(0));
        assertThat(m.model.set(CosemObjects.CLOCK_TIME, new DataValue.UInt8(0))).isEqualTo(DataAccessResult.TYPE_UNMATCHED);
    }

    @Test
    void theAssociationListsEveryObjectWithAccessRights() {
        var list = (DataValue.Array) m.get(15, CosemObjects.CURRENT_ASSOCIATION, 2);
        assertThat(list.elements()).hasSize(m.model.objectList().size());
        assertThat(m.model.objectList()).extracting(MeterModel.ObjectInfo::name).contains(CosemObjects.DEVICE_ID,
                CosemObjects.CLOCK, CosemObjects.IMAGE_ACTIVATION_SCHEDULE, ObisCode.parse("0-0:44.0.0.255"),
                CosemObjects.ACTIVE_ENERGY_IMPORT, CosemObjects.ACTIVE_ENERGY_EXPORT);
    }

    /** A meter configured without its activation schedule does not list it either (capability discovery, issue 15). */
    @Test
    @Tag("SM-9")
    void anAbsentObjectIsNotListed() throws Exception {
        m.model.faults().install(new FaultPlan(null, 0, null, 0, null, 0, 0, false, false, 0, 0, false, null,
                List.of("0-0:15.0.2.255"), false));

        var list = ObjectList.decode(m.get(15, CosemObjects.CURRENT_ASSOCIATION, 2), ObjectList.DEFAULT_MAX_ENTRIES);

        assertThat(list).extracting(ObjectList.Entry::classId).contains(1, 3, 8, 18, 64, 70).doesNotContain(22);
        assertThat(list).hasSize(m.model.objectList().size());
    }
}
