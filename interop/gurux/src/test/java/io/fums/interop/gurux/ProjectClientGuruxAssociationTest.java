package io.fums.interop.gurux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gurux.dlms.enums.Authentication;
import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.security.InvocationCounters;
import io.fums.interop.gurux.meter.GuruxMeter;
import io.fums.interop.gurux.meter.GuruxMeterConfig;
import io.fums.interop.gurux.meter.GuruxMeterServer;
import io.fums.interop.gurux.meter.ProjectClient;
import io.fums.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The project's client associates with a Gurux meter with no security, LLS
 * and HLS-GMAC with suite 0, reads and releases; with a wrong password or
 * authentication key it is refused with METER_AUTH_FAILED, and the meter goes
 * on serving its rightful client (issue 15).
 */
@Tag("SEC-2")
@Tag("CARD-4")
class ProjectClientGuruxAssociationTest {

    private static final byte[] TITLE = "GRX00004".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EK = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AK = "fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    private static GuruxMeterConfig config(Authentication a, String password, byte[] ak) {
        return new GuruxMeterConfig("GRX-A", "1.0.0", a, password, TITLE, EK, ak, 512, 2048, 1 << 20, false, 5000);
    }

    @ParameterizedTest
    @EnumSource(value = Authentication.class, names = {"NONE", "LOW", "HIGH_GMAC"})
    void theProjectsClientAssociatesWithAGuruxMeter(Authentication a) throws Exception {
        GuruxMeterConfig config = config(a, a == Authentication.LOW ? "12345678" : null, AK);
        GuruxMeter meter = new GuruxMeter(config, new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));
        try (GuruxMeterServer server = GuruxMeterServer.start(meter, 0)) {
            DlmsClient c = ProjectClient.connect(server, config);
            try {
                assertThat(meter.associated()).isTrue();
                MeterObjects m = new MeterObjects(c);
                assertThat(m.deviceId()).isEqualTo("GRX-A");
                assertThat(m.energyImport().value().longValue()).isEqualTo(5000);
            } finally {
                c.close();
            }
            if (a == Authentication.NONE) {
                return;
            }
            GuruxMeterConfig wrong = config(a, a == Authentication.LOW ? "12345679" : null,
                    "fedcba9876543211".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> ProjectClient.connect(server, wrong).close())
                    .isInstanceOfSatisfying(DlmsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_AUTH_FAILED));
            DlmsClient again = ProjectClient.connect(server, config);
            try {
                assertThat(new MeterObjects(again).activeFirmwareIdentifier()).isEqualTo("1.0.0");
            } finally {
                again.close();
            }
        }
    }

    /**
     * The client keeps the meter's invocation counters from one association to the next, as the DCU does
     * (replay protection), and the Gurux meter never sends a counter again: Gurux's server sets its counter back
     * to 0 at every release and new connection, {@link GuruxMeter#keepInvocationCounter()} undoes that. Without
     * it the second association fails (METER_AUTH_FAILED, "replayed invocation counter 0").
     */
    @Test
    void aGuruxMeterNeverSendsAnInvocationCounterTwiceAcrossAssociations() throws Exception {
        GuruxMeterConfig config = config(Authentication.HIGH_GMAC, null, AK);
        GuruxMeter meter = new GuruxMeter(config, new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));
        InvocationCounters counters = new InvocationCounters();
        long last = -1;
        try (GuruxMeterServer server = GuruxMeterServer.start(meter, 0)) {
            for (int i = 0; i < 3; i++) {
                DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", server.port(), Duration.ofSeconds(2)),
                        0x10, 1, ProjectClient.settings(config).withCounters(counters));
                try {
                    assertThat(new MeterObjects(c).deviceId()).isEqualTo("GRX-A");
                } finally {
                    c.close();
                }
                assertThat(counters.lastReceived()).as("association %d", i).isGreaterThan(last);
                last = counters.lastReceived();
            }
        }
    }
}
