package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.CosemObjectModel.ActionOutcome;
import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.fault.Faults;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.ImageVerifier;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.store.MeterStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;

/**
 * One emulated meter on a manual clock with a trusted vendor key, and the
 * client-side steps of an upgrade as direct calls on its object model.
 */
final class MeterFixture {

    static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final String TYPE = "FUMS-EM-1";
    final ManualTime time = new ManualTime(START);
    final KeyPair vendor;
    final Path dir;
    MeterSpec spec;
    final Faults faults = new Faults(7);
    MeterModel model;

    MeterFixture(Path dir, KeyPair vendor, MeterSpec spec) {
        this.dir = dir;
        this.vendor = vendor;
        this.spec = spec;
        this.model = open();
    }

    static MeterSpec spec(long verifyMs, long activateMs, long selfCheckMs) {
        return new MeterSpec("m1", "EMU00000001", TYPE, "1.0.0", 128, 1 << 20, 3600, 360, 0, 1000, 10, 0,
                verifyMs, activateMs, selfCheckMs, false, MeterSpec.defaultSettings());
    }

    /** A new model over the same folder: an emulator restart. */
    MeterModel open() {
        model = new MeterModel(spec, new MeterStore(dir), time, faults,
                new ImageVerifier(List.of(vendor.getPublic())));
        return model;
    }

    byte[] image(String version, int size) {
        return ImageSigner.build(new ImageHeader(version, TYPE, 0), size, version.hashCode(), vendor.getPrivate());
    }

    byte[] image(ImageHeader header, int size, KeyPair key) {
        return ImageSigner.build(header, size, 99, key.getPrivate());
    }

    static KeyPair otherKey() {
        return VendorKeys.generate();
    }

    void faults(FaultPlan p) {
        faults.install(p);
    }

    ActionOutcome initiate(String id, long size) {
        return model.action(ImageTransfer.IMAGE_TRANSFER_INITIATE, new ImageTransfer.InitiateParameters(
                id.getBytes(StandardCharsets.US_ASCII), size).toDataValue());
    }

    ActionOutcome block(byte[] image, int n) {
        int bs = spec.blockSize();
        byte[] b = Arrays.copyOfRange(image, n * bs, Math.min(image.length, (n + 1) * bs));
        return model.action(ImageTransfer.IMAGE_BLOCK_TRANSFER, new ImageTransfer.BlockParameters(n, b).toDataValue());
    }

    int blocks(byte[] image) {
        return (image.length + spec.blockSize() - 1) / spec.blockSize();
    }

    /** Initiates and sends every block in order. */
    void transfer(String id, byte[] image) {
        assertThat(initiate(id, image.length).result()).isEqualTo(ActionResult.SUCCESS);
        for (int n = 0; n < blocks(image); n++) {
            assertThat(block(image, n).result()).isEqualTo(ActionResult.SUCCESS);
        }
    }

    ActionResult verify() {
        return model.action(ImageTransfer.IMAGE_VERIFY, ImageTransfer.zeroParameter()).result();
    }

    ActionResult activate() {
        return model.action(ImageTransfer.IMAGE_ACTIVATE, ImageTransfer.zeroParameter()).result();
    }

    /** Transfers, verifies and waits for verification. */
    void transferAndVerify(String id, byte[] image) {
        transfer(id, image);
        verify();
        time.advance(spec.verifyMillis());
        assertThat(status()).isEqualTo(3);
    }

    DataValue get(CosemAttributeDescriptor a) {
        var o = model.get(a, null);
        assertThat(o.error()).as("GET %s", a).isNull();
        return o.value();
    }

    DataValue get(int classId, ObisCode obis, int attribute) {
        return get(new CosemAttributeDescriptor(classId, obis, attribute));
    }

    DataAccessResult set(int classId, ObisCode obis, int attribute, DataValue v) {
        return model.set(new CosemAttributeDescriptor(classId, obis, attribute), v);
    }

    int status() {
        return ((DataValue.Enumerated) get(ImageTransfer.ATTR_IMAGE_TRANSFER_STATUS)).value();
    }

    String firmware() {
        return new String(((DataValue.OctetString) get(CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER_VALUE)).value(),
                StandardCharsets.UTF_8);
    }

    long importRegister() {
        return ((DataValue.UInt32) get(CosemObjects.register(CosemObjects.ACTIVE_ENERGY_IMPORT, 2))).value();
    }

    long exportRegister() {
        return ((DataValue.UInt32) get(CosemObjects.register(CosemObjects.ACTIVE_ENERGY_EXPORT, 2))).value();
    }
}
