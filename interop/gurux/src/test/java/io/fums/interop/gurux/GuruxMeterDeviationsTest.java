package io.fums.interop.gurux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gurux.dlms.enums.InterfaceType;
import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.apdu.GetDataResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.DlmsRefusedException;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.interop.gurux.meter.GuruxMeter;
import io.fums.interop.gurux.meter.GuruxMeterConfig;
import io.fums.interop.gurux.meter.GuruxMeterImage;
import io.fums.interop.gurux.meter.GuruxMeterServer;
import io.fums.interop.gurux.meter.ProjectClient;
import io.fums.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Where Gurux 4.0.47's server departs from the Green Book, as the project's
 * client sees it over HLS-GMAC with suite 0 (issue 15). Each test pins the
 * observed behaviour, so a Gurux upgrade that fixes it shows here, and shows
 * that the client fails cleanly (METER_PROTOCOL naming the link), keeps the
 * association and reads the same attributes one by one; HDLC windows are
 * pinned likewise.
 * {@code GuruxMeterReadingTest} shows the DCU's reading coping with both.
 */
@Tag("SEC-2")
@Tag("CARD-4")
class GuruxMeterDeviationsTest {

    private static final CosemAttributeDescriptor FIRMWARE = CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER_VALUE;
    private static final CosemAttributeDescriptor DENIED =
            new CosemAttributeDescriptor(1, ObisCode.parse("0-0:96.99.0.255"), 2);
    private static final CosemAttributeDescriptor UNKNOWN =
            new CosemAttributeDescriptor(1, ObisCode.parse("0-0:42.0.0.255"), 2);

    private GuruxMeterConfig config;
    private GuruxMeterServer server;
    private DlmsClient client;

    @BeforeEach
    void start() throws Exception {
        byte[] keys = new byte[32];
        new SecureRandom().nextBytes(keys);
        config = GuruxMeterConfig.hlsGmac("GRX-D", "GRX00002".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(keys, 16), Arrays.copyOfRange(keys, 16, 32), 512, false);
        server = GuruxMeterServer.start(new GuruxMeter(config, new MutableClock(Instant.parse("2026-12-07T10:00:00Z"))),
                0);
        client = ProjectClient.connect(server, config);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @Test
    void aRefusedItemInAGetWithListResponseLacksTheDataAccessResultChoice() throws Exception {
        // Green Book: Get-Data-Result ::= CHOICE { data [0], data-access-result [1] }. Gurux encodes a refused item
        // as the bare enum (03, read-write-denied) without the [1] choice octet: the client reads choice 3.
        assertThatThrownBy(() -> client.get(List.of(FIRMWARE, DENIED)))
                .isInstanceOfSatisfying(DlmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.METER_PROTOCOL);
                    assertThat(e.getMessage()).contains("tcp 127.0.0.1:" + server.port())
                            .contains("Get-Data-Result: unknown choice 3");
                });
        // A single GET gets the refusal right (GET-Response-Normal), and the association goes on.
        assertThatThrownBy(() -> client.get(DENIED)).isInstanceOfSatisfying(DlmsRefusedException.class,
                e -> assertThat(e.dataAccessResult()).isEqualTo(DataAccessResult.READ_WRITE_DENIED));
        assertThat(new MeterObjects(client).activeFirmwareIdentifier()).isEqualTo("1.0.0");
    }

    @Test
    void aGetWithListNamingAnUnknownObjectGetsAResponseCutShort() throws Exception {
        // The Green Book answers an unknown object with data-access-result object-undefined (4) in its place in the
        // list. Gurux's server fails on it inside: its response declares every result but ends where the one for
        // the unknown object should be.
        assertThatThrownBy(() -> client.get(List.of(FIRMWARE, UNKNOWN)))
                .isInstanceOfSatisfying(DlmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.METER_PROTOCOL);
                    assertThat(e.getMessage()).contains("truncated input");
                });
        assertThatThrownBy(() -> client.get(UNKNOWN)).isInstanceOfSatisfying(DlmsRefusedException.class,
                e -> assertThat(e.dataAccessResult()).isEqualTo(DataAccessResult.OBJECT_UNDEFINED));
        assertThat(new MeterObjects(client).activeFirmwareIdentifier()).isEqualTo("1.0.0");
    }

    @Test
    void aGetWithListOfObjectsItHasIsAnsweredAsTheStandardSays() throws Exception {
        List<GetDataResult> r = client.get(List.of(FIRMWARE, CosemObjects.DEVICE_ID_VALUE));
        assertThat(r).hasSize(2).allMatch(GetDataResult.Data.class::isInstance);
        assertThat(((GetDataResult.Data) r.get(0)).value())
                .isEqualTo(new DataValue.OctetString("1.0.0".getBytes(StandardCharsets.US_ASCII)));
        assertThat(((GetDataResult.Data) r.get(1)).value())
                .isEqualTo(new DataValue.OctetString("GRX-D".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void guruxsHdlcServerAgreesToAWindowOf7ButTakesOnlyIFramesWithThePollBit() throws Exception {
        GuruxMeter meter = new GuruxMeter(config, new MutableClock(Instant.parse("2026-12-07T10:00:00Z")),
                InterfaceType.HDLC);
        byte[] image = GuruxMeterImage.build("2.0.0", 4096, 1);
        try (GuruxMeterServer hdlc = GuruxMeterServer.start(meter, 0)) {
            DlmsClient c = ProjectClient.connect(hdlc, config, HdlcSettings.client(0x10, 1, 17).withMaxInfo(128, 128)
                    .withWindow(7, 7).withRetries(Duration.ofMillis(300), 1));
            try {
                assertThat(meter.hdlcParameters()).as("UA: the client's proposal").isEqualTo("info 128/128, window 7/7");
                // A 512-octet block is five I-frames in one window; P=1 only on the last (IEC 62056-46). Gurux's
                // checkFrame expects P=1 on each and refuses the second, so the request never completes.
                assertThatThrownBy(() -> new ImageTransferClient(c).transferImage(
                        "GRX-2.0.0".getBytes(StandardCharsets.US_ASCII), image, false))
                        .isInstanceOfSatisfying(DlmsException.class, e -> assertThat(e.code()).isIn(
                                ErrorCode.METER_UNREACHABLE, ErrorCode.METER_PROTOCOL));
            } finally {
                c.close();
            }
            assertThat(meter.events()).as("no block arrived whole").containsExactly("initiate 4096");
        }
    }
}
