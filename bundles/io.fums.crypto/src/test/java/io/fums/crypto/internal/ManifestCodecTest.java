package io.fums.crypto.internal;

import static io.fums.crypto.internal.TestPackages.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.pkg.ManifestCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The manifest schema (UC-1): what the vendor delivers with each version. */
class ManifestCodecTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Tag("UC-1")
    void writesAndReadsBackEveryField() throws Exception {
        PackageManifest m = TestPackages.template("2.5.0-rc1", true).withPayloads(List.of(new PayloadInfo("a/b.bin", 12, "ab".repeat(32))));
        PackageManifest back = ManifestCodec.parse(ManifestCodec.write(m));
        assertThat(back).isEqualTo(m);
        assertThat(back.prerequisiteFor(DeviceType.of("ACME-E360"))).contains(FirmwareVersion.parse("2.0.0"));
        assertThat(back.releaseNotes().newFunctions()).containsExactly("Load profile with 15-minute period");
        assertThat(new String(ManifestCodec.write(m), StandardCharsets.UTF_8)).startsWith("{\n  \"formatVersion\": 1,\n  \"kind\": \"meter-firmware\"");
    }

    @Test
    @Tag("UC-1")
    void downgradeDefaultsToFalse() throws Exception {
        String json = new String(ManifestCodec.write(TestPackages.template("1.0", false)
                .withPayloads(List.of(new PayloadInfo("x.bin", 1, "00".repeat(32))))), StandardCharsets.UTF_8)
                .replace(",\n  \"downgrade\": false", "");
        assertThat(ManifestCodec.parse(bytes(json)).downgrade()).isFalse();
    }

    /**
     * Issue 15, firmware per component: a manifest names the component its image is for; absent is the core, so
     * every package built before components stays valid (and is written without the field: one encoding), and a
     * component the DCU does not know, or one on DCU software, is refused naming the field.
     *
     * <p>Proves: SM-1, UC-1.
     */
    @Test
    @Tag("SM-1")
    @Tag("UC-1")
    void aMeterFirmwareManifestNamesItsComponentAndAnOldOneIsTheCore() throws Exception {
        PackageManifest core = TestPackages.template("1.0", false)
                .withPayloads(List.of(new PayloadInfo("x.bin", 1, "00".repeat(32))));
        String json = new String(ManifestCodec.write(core), StandardCharsets.UTF_8);
        assertThat(core.component()).isEqualTo(FirmwareComponent.CORE);
        assertThat(json).doesNotContain("component");
        assertThat(ManifestCodec.parse(bytes(json)).component()).isEqualTo(FirmwareComponent.CORE);
        String comms = json.replace("\"downgrade\": false", "\"downgrade\": false,\n  \"component\": \"communication\"");
        PackageManifest c = ManifestCodec.parse(bytes(comms));
        assertThat(c.component()).isEqualTo(FirmwareComponent.COMMUNICATION);
        assertThat(new String(ManifestCodec.write(c), StandardCharsets.UTF_8)).isEqualTo(comms);
        assertThat(ManifestCodec.parse(bytes(json.replace("\"downgrade\": false",
                "\"downgrade\": false, \"component\": \"core\""))).component()).isEqualTo(FirmwareComponent.CORE);
        FumsExceptionAssert.message(refused(() -> ManifestCodec.parse(bytes(json.replace("\"downgrade\": false",
                "\"downgrade\": false, \"component\": \"bootloader\""))), ErrorCode.PKG_MANIFEST_INVALID), "'component'");
        FumsExceptionAssert.message(refused(() -> ManifestCodec.parse(bytes(json.replace("\"downgrade\": false",
                "\"downgrade\": false, \"component\": \"metrology\"").replace("meter-firmware", "dcu-software"))),
                ErrorCode.PKG_MANIFEST_INVALID), "'component'");
    }

    @Test
    @Tag("UC-1")
    void aTemplateHasNoPayloadsAndMayOmitTheCreationTime() throws Exception {
        String full = new String(ManifestCodec.write(TestPackages.template("1.0", false)
                .withPayloads(List.of(new PayloadInfo("x.bin", 1, "00".repeat(32))))), StandardCharsets.UTF_8);
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(full).getAsJsonObject();
        FumsExceptionAssert.message(refused(() -> ManifestCodec.parseTemplate(bytes(o.toString()), Instant.EPOCH),
                ErrorCode.PKG_MANIFEST_INVALID), "'payloads'");
        o.remove("payloads");
        o.remove("createdAt");
        Instant now = Instant.parse("2026-02-02T02:02:02.123Z");
        assertThat(ManifestCodec.parseTemplate(bytes(o.toString()), now).createdAt()).isEqualTo(Instant.parse("2026-02-02T02:02:02Z"));
    }

    @Test
    @Tag("UC-1")
    @Tag("UC-3")
    void invalidValuesAreRefusedNamingTheField() {
        String m = new String(ManifestCodec.write(TestPackages.template("1.0", false)
                .withPayloads(List.of(new PayloadInfo("x.bin", 1, "00".repeat(32))))), StandardCharsets.UTF_8);
        String[][] cases = {
            {"\"compatibleDeviceTypes\": [\n    \"ACME-E350\",\n    \"ACME-E360\"\n  ]", "\"compatibleDeviceTypes\": []", "'compatibleDeviceTypes'"},
            {"\"ACME-E360\"\n  ]", "\"ACME-E350\"\n  ]", "twice"},
            {"\"file\": \"x.bin\"", "\"file\": \"../x.bin\"", "'payloads[0].file'"},
            {"\"createdAt\": \"2026-01-15T10:00:00Z\"", "\"createdAt\": \"2026-01-15 10:00\"", "'createdAt'"},
            {"\"formatVersion\": 1", "\"formatVersion\": 2", "'formatVersion'"},
            {"\"ACME-E360\": \"2.0.0\"", "\"ACME-E360\": \"x\"", "'prerequisites.ACME-E360'"},
            {"\"vendor\": \"ACME Metering\"", "\"vendor\": \"\"", "'vendor'"},
            {"\"sha256\": \"00", "\"sha256\": \"0G", "'payloads[0].sha256'"},
            {"\"downgrade\": false", "\"downgrade\": \"no\"", "'downgrade'"},
            {"\"name\": \"acme-e350-fw\"", "\"name\": \"acme e350\"", "'name'"},
        };
        for (String[] c : cases) {
            assertThat(m).contains(c[0]);
            FumsExceptionAssert.message(refused(() -> ManifestCodec.parse(bytes(m.replace(c[0], c[1]))), ErrorCode.PKG_MANIFEST_INVALID), c[2]);
        }
    }
}
