package io.fums.interop.gurux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gurux.dlms.GXDLMSException;
import gurux.dlms.GXDateTime;
import gurux.dlms.GXReplyData;
import gurux.dlms.enums.AssociationResult;
import gurux.dlms.enums.Authentication;
import gurux.dlms.enums.ErrorCode;
import gurux.dlms.enums.ObjectType;
import gurux.dlms.enums.Security;
import gurux.dlms.enums.SourceDiagnostic;
import gurux.dlms.enums.Unit;
import gurux.dlms.objects.GXDLMSClock;
import gurux.dlms.objects.GXDLMSData;
import gurux.dlms.objects.GXDLMSImageActivateInfo;
import gurux.dlms.objects.GXDLMSImageTransfer;
import gurux.dlms.objects.GXDLMSObjectCollection;
import gurux.dlms.objects.GXDLMSRegister;
import gurux.dlms.objects.enums.ImageTransferStatus;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gurux's DLMS client (an independent implementation, {@code org.gurux:gurux.dlms})
 * as the head-end against the project's meter emulator over the TCP wrapper
 * (issue 15): association with no security, LLS and HLS-GMAC with security
 * suite 0, reads of the standard objects, a full image transfer with Gurux's
 * own class 18 methods, verification and activation, release. A shared
 * misreading of the Blue or Green Book by the project's codec, on both ends
 * of every other test, fails here.
 */
@Tag("SM-1")
@Tag("SM-3")
@Tag("SM-4")
@Tag("SEC-2")
@Tag("CARD-4")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuruxClientEmulatorTest {

    private static final String PASSWORD = "12345678";
    private static final byte[] CLIENT_TITLE = "GXC00001".getBytes(StandardCharsets.US_ASCII);
    private static final int IMAGE_SIZE = 20 * 1024 + 100;

    /** Judges the meter's clock. */
    private final Clock wall = Clock.systemUTC();
    private final KeyPair vendor = VendorKeys.generate();
    private MeterEmulator emu;
    private int port;

    @BeforeAll
    void startEmulator(@TempDir Path dir) throws Exception {
        port = FreePorts.base(5);
        VendorKeys.write(vendor.getPublic(), dir.resolve("vendor.pub.pem"));
        Path file = dir.resolve("population.json");
        Files.writeString(file, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 200, "activateMillis": 100, "selfCheckMillis": 100,
                              "initialImportWh": 5000},
                 "groups": [
                   {"id": "n", "count": 1, "tcpPortBase": %d, "security": {"authentication": "none"}},
                   {"id": "l", "count": 2, "tcpPortBase": %d,
                    "security": {"authentication": "low", "password": "%s"}},
                   {"id": "h", "count": 2, "tcpPortBase": %d}]}
                """.formatted(port, port + 1, PASSWORD, port + 3));
        emu = MeterEmulator.start(PopulationConfig.load(file, MeterStore.newGson()),
                new DlmsSessionRunner(Duration.ofSeconds(30)));
        assertThat(emu.tcpPorts()).isEqualTo(5);
    }

    @AfterAll
    void stopEmulator() throws Exception {
        if (emu != null) {
            emu.close();
        }
    }

    private GuruxWrapperClient connect(String meterId, int meterPort, boolean wrongSecret) throws Exception {
        GuruxSecurity s = GuruxSecurity.of(emu.population().plan(meterId).security(), CLIENT_TITLE);
        return GuruxWrapperClient.connect(meterPort, 0x10, wrongSecret ? s.wrongSecret() : s);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"no security, n-00001, 0", "LLS, l-00001, 1", "HLS-GMAC suite 0, h-00001, 3"})
    void guruxAssociatesReadsTheStandardObjectsAndUpgradesTheMeter(String security, String meterId, int offset)
            throws Exception {
        try (GuruxWrapperClient c = connect(meterId, port + offset, false)) {
            c.associate();
            if (offset == 3) {
                // HLS-GMAC: Gurux learnt the meter's system title from the AARE and checked the meter's
                // f(CtoS) with it (pass 4); every APDU since is ciphered with invocation counters going up.
                assertThat(c.gurux().getSourceSystemTitle())
                        .isEqualTo(emu.population().plan(meterId).security().systemTitle());
                assertThat(c.gurux().getCiphering().getSecurity()).isEqualTo(Security.AUTHENTICATION_ENCRYPTION);
                assertThat(c.gurux().getCiphering().getInvocationCounter()).isGreaterThan(0);
            }
            readStandardObjects(c, meterId);
            transferVerifyActivate(c, meterId);
            c.release();
        }
        assertThat(emu.population().meter(meterId).status().runningFirmware())
                .as("the emulator's own view after the release").isEqualTo("2.0.0");
    }

    private void readStandardObjects(GuruxWrapperClient c, String meterId) throws Exception {
        GXDLMSData deviceId = new GXDLMSData("0.0.96.1.0.255");
        assertThat(text(c.read(deviceId, 2))).isEqualTo(meterId);
        assertThat(c.read(deviceId, 1)).as("logical_name, attribute 1").isEqualTo("0.0.96.1.0.255");

        GXDLMSData firmware = new GXDLMSData("1.0.0.2.0.255");
        assertThat(text(c.read(firmware, 2))).isEqualTo("1.0.0");

        GXDLMSClock clock = new GXDLMSClock("0.0.1.0.0.255");
        c.read(clock, 2);
        Instant meterTime = clock.getTime().getMeterCalendar().toInstant();
        assertThat(Duration.between(wall.instant(), meterTime).abs()).isLessThan(Duration.ofSeconds(60));
        c.read(clock, 3);
        assertThat(clock.getTimeZone()).as("time_zone: the population's deviation").isZero();

        GXDLMSRegister energy = new GXDLMSRegister("1.0.1.8.0.255");
        c.read(energy, 3);
        assertThat(energy.getScaler()).as("scaler 0").isEqualTo(1.0, within(1e-9));
        assertThat(energy.getUnit()).as("unit Wh (30)").isEqualTo(Unit.ACTIVE_ENERGY);
        c.read(energy, 2);
        assertThat(((Number) energy.getValue()).longValue()).as("1000 W from 5000 Wh, for less than an hour")
                .isBetween(5000L, 6000L);

        // The emulator has no logical device name object: the meter says so with object-undefined, which
        // Gurux decodes as a data-access-result.
        GXDLMSData ldn = new GXDLMSData("0.0.42.0.0.255");
        assertThatThrownBy(() -> c.read(ldn, 2)).isInstanceOfSatisfying(GXDLMSException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.UNDEFINED_OBJECT.getValue()));

        // The association's object_list (class 15, attribute 2), parsed by Gurux.
        GXReplyData reply = c.exchange(c.gurux().getObjectsRequest(), new GXReplyData());
        GXDLMSObjectCollection objects = c.gurux().parseObjects(reply.getData(), true);
        Set<String> names = objects.stream().map(o -> o.getObjectType() + " " + o.getLogicalName())
                .collect(Collectors.toSet());
        assertThat(names).contains("CLOCK 0.0.1.0.0.255", "REGISTER 1.0.1.8.0.255", "DATA 1.0.0.2.0.255",
                "IMAGE_TRANSFER 0.0.44.0.0.255", "ACTION_SCHEDULE 0.0.15.0.2.255",
                "ASSOCIATION_LOGICAL_NAME 0.0.40.0.0.255");
        assertThat(objects.getObjects(ObjectType.IMAGE_TRANSFER)).hasSize(1);
    }

    private void transferVerifyActivate(GuruxWrapperClient c, String meterId) throws Exception {
        GXDLMSImageTransfer it = new GXDLMSImageTransfer("0.0.44.0.0.255");
        c.read(it, 2);
        assertThat(it.getImageBlockSize()).isEqualTo(512);
        c.read(it, 5);
        assertThat(it.getImageTransferEnabled()).isTrue();
        c.read(it, 6);
        assertThat(it.getImageTransferStatus()).isEqualTo(ImageTransferStatus.IMAGE_TRANSFER_NOT_INITIATED);

        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), IMAGE_SIZE, 3,
                vendor.getPrivate());
        String identifier = "FUMS-EM-1-2.0.0";
        c.exchange(it.imageTransferInitiate(c.gurux(), identifier, image.length), new GXReplyData());
        int[] blocks = new int[1];
        // Gurux sends the last block short (100 octets here), as the Blue Book allows.
        c.exchange(it.imageBlockTransfer(c.gurux(), image, blocks), new GXReplyData());
        assertThat(blocks[0]).isEqualTo(41);
        c.read(it, 4);
        assertThat(it.getImageFirstNotTransferredBlockNumber()).isEqualTo(41);
        c.read(it, 3);
        assertThat(it.getImageTransferredBlocksStatus()).startsWith("1".repeat(41)).doesNotContain("0".repeat(8));
        c.read(it, 6);
        assertThat(it.getImageTransferStatus()).isEqualTo(ImageTransferStatus.IMAGE_TRANSFER_INITIATED);

        // Verification takes the meter 200 ms: the Blue Book's answer is temporary-failure, then the client
        // polls image_transfer_status.
        assertThatThrownBy(() -> c.exchange(it.imageVerify(c.gurux()), new GXReplyData()))
                .isInstanceOfSatisfying(GXDLMSException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.TEMPORARY_FAILURE.getValue()));
        Conditions.await("verified").until(() -> status(c, it),
                s -> s == ImageTransferStatus.IMAGE_VERIFICATION_SUCCESSFUL);
        c.read(it, 7);
        GXDLMSImageActivateInfo[] info = it.getImageActivateInfo();
        assertThat(info).hasSize(1);
        assertThat(info[0].getSize()).isEqualTo(image.length);
        assertThat(new String(info[0].getIdentification(), StandardCharsets.US_ASCII)).isEqualTo(identifier);
        assertThat(info[0].getSignature()).as("SHA-256 of the image").hasSize(32);

        assertThatThrownBy(() -> c.exchange(it.imageActivate(c.gurux()), new GXReplyData()))
                .isInstanceOfSatisfying(GXDLMSException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.TEMPORARY_FAILURE.getValue()));
        Conditions.await("activated").until(() -> status(c, it),
                s -> s == ImageTransferStatus.IMAGE_ACTIVATION_SUCCESSFUL);
        assertThat(text(c.read(new GXDLMSData("1.0.0.2.0.255"), 2))).isEqualTo("2.0.0");
    }

    private static ImageTransferStatus status(GuruxWrapperClient c, GXDLMSImageTransfer it) throws Exception {
        c.read(it, 6);
        return it.getImageTransferStatus();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LLS, l-00002, 2", "HLS-GMAC suite 0, h-00002, 4"})
    void aGuruxClientWithAWrongSecretIsRefusedAndTheMeterStillServesItsClient(String security, String meterId, int offset)
            throws Exception {
        try (GuruxWrapperClient c = connect(meterId, port + offset, true)) {
            // AARE: rejected-permanent, acse-service-user authentication-failure (13), as Gurux reads it
            assertThatThrownBy(c::associate).isInstanceOfSatisfying(GXDLMSException.class, e -> {
                assertThat(e.getResult()).isEqualTo(AssociationResult.PERMANENT_REJECTED);
                assertThat(e.getDiagnostic()).isEqualTo(SourceDiagnostic.AUTHENTICATION_FAILURE.getValue());
            });
        }
        try (GuruxWrapperClient c = connect(meterId, port + offset, false)) {
            c.associate();
            assertThat(text(c.read(new GXDLMSData("1.0.0.2.0.255"), 2))).as("the meter still serves its client")
                    .isEqualTo("1.0.0");
            c.release();
        }
    }

    @Test
    void anUnassociatedGuruxClientIsRefusedByAnHlsMeter() throws Exception {
        try (GuruxWrapperClient c = GuruxWrapperClient.connect(port + 4, 0x10,
                new GuruxSecurity(Authentication.NONE, null, null, null, null))) {
            // the meter wants the ciphered LN context: acse-service-user application-context-name-not-supported (2)
            assertThatThrownBy(c::associate).isInstanceOfSatisfying(GXDLMSException.class, e -> {
                assertThat(e.getResult()).isEqualTo(AssociationResult.PERMANENT_REJECTED);
                assertThat(e.getDiagnostic()).isEqualTo(SourceDiagnostic.NOT_SUPPORTED.getValue());
            });
        }
    }

    private static String text(Object value) {
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.US_ASCII);
        }
        return String.valueOf(value);
    }
}
