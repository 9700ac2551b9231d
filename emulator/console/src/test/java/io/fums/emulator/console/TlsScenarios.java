package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.testsupport.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with client-certificate authentication (SEC-3): the DCU connects with
 * its certificate and verifies the broker's; a client without a valid
 * certificate cannot connect. Subclasses supply a broker whose TLS listener
 * requires client certificates from {@link TestPki}'s CA.
 */
@Tag("SEC-3")
abstract class TlsScenarios {

    static final Fixtures FX = new Fixtures();

    @TempDir
    Path tmp;

    abstract TestPki pki();

    /** ssl://localhost:port of the TLS listener. */
    abstract String tlsUrl();

    private InProcessDcu dcu(String id, Path ca) {
        return new InProcessDcu(id, tmp.resolve(id), FX, tlsUrl()).with("caFile", ca.toString())
                .with("clientCertFile", pki().clientCert.toString()).with("clientKeyFile", pki().clientKey.toString());
    }

    @Test
    void dcuWithItsCertificateConnectsAndIsServedOverTls() throws Exception {
        try (InProcessDcu dcu = dcu("DCU-TLS", pki().caPem).start().awaitConnected(Duration.ofSeconds(20));
             ConsoleClient c = ConsoleClient.connect(ConnectionOptions.of(tlsUrl())
                     .tls(pki().caPem, pki().clientCert, pki().clientKey))) {
            Response r = c.request(dcu.id, "software.list", "{}", null).get(20, TimeUnit.SECONDS);
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertThat(c.fleetState(Duration.ofMillis(800)).get("DCU-TLS").get("online").getAsBoolean()).isTrue();
        }
    }

    @Test
    void clientWithoutCertificateCannotConnect() {
        assertThatThrownBy(() -> ConsoleClient.connect(ConnectionOptions.of(tlsUrl()).tls(pki().caPem, null, null)).close())
                .isInstanceOf(ConsoleException.class).hasMessageContaining("the broker at ssl://");
    }

    @Test
    void clientWithCertificateOfAnotherCaCannotConnect() {
        assertThatThrownBy(() -> ConsoleClient.connect(ConnectionOptions.of(tlsUrl())
                .tls(pki().caPem, pki().rogueCert, pki().rogueKey)).close())
                .isInstanceOf(ConsoleException.class).hasMessageContaining("the broker at ssl://");
    }

    @Test
    void plainConnectionToTheTlsListenerFails() {
        assertThatThrownBy(() -> ConsoleClient.connect(ConnectionOptions.of(tlsUrl().replace("ssl://", "tcp://"))).close())
                .isInstanceOf(ConsoleException.class);
    }

    @Test
    @Tag("SEC-9")
    void dcuRefusesABrokerItCannotVerifyAndAuditsTheFailedHandshakeOnce() throws Exception {
        try (InProcessDcu dcu = dcu("DCU-WRONG-CA", pki().rogueCaPem).with("reconnectMinMillis", 100L)
                .with("reconnectMaxMillis", 200L).start()) {
            Conditions.await("the failed handshake is audited", Duration.ofSeconds(20))
                    .until(() -> !dcu.audit("cloud.link.tls").isEmpty());
            Conditions.await("the link stays down, retrying, without an entry per attempt").during(Duration.ofSeconds(3))
                    .until(() -> !dcu.link.isConnected() && dcu.audit("cloud.link.tls").size() == 1);
            assertThat(dcu.audit("cloud.link.tls").get(0).reasonCode()).contains(ErrorCode.CLOUD_TLS_FAILED);
            assertThat(dcu.audit("cloud.link.tls").get(0).detailJson()).contains(tlsUrl());
        }
    }

    @Test
    @Tag("SEC-9")
    void aBrokerRefusingTheDcuCertificateIsAudited() throws Exception {
        try (InProcessDcu dcu = new InProcessDcu("DCU-ROGUE", tmp.resolve("rogue"), FX, tlsUrl())
                .with("caFile", pki().caPem.toString()).with("clientCertFile", pki().rogueCert.toString())
                .with("clientKeyFile", pki().rogueKey.toString()).start()) {
            Conditions.await("the refused handshake is audited", Duration.ofSeconds(20))
                    .until(() -> !dcu.audit("cloud.link.tls").isEmpty());
            assertThat(dcu.link.isConnected()).isFalse();
        }
    }
}
