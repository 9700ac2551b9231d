package io.fums.cloud.mqtt.internal;

import io.fums.api.config.ConfigKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.felix.hc.api.Result;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A typo in a cloud-link configuration key is refused with the key, what was meant and the known keys (SEC-9). */
@Tag("SEC-9")
class ConfigKeysTest {

    /** What the link component declares itself (its health check's name and tags). */
    private static final Set<String> DECLARED = Set.of("hc.name", "hc.tags");

    @Test
    void aTypoIsRefusedWithWhatWasMeant() {
        assertThatThrownBy(() -> ConfigKeys.check(Map.of("brokerUrll", "ssl://cloud:8883", "caFile", "/etc/ca.pem"),
                CloudConfig.class, CloudSettings.PID, DECLARED))
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageStartingWith("configuration io.fums.cloud.mqtt: unknown key 'brokerUrll' (did you mean "
                        + "'brokerUrl'?): fix or remove it (known: ")
                .hasMessageContaining("clientCertFile");
    }

    @Test
    void severalUnknownKeysAreNamedTogether() {
        assertThatThrownBy(() -> ConfigKeys.check(Map.of("clientCertFle", "a", "colour", "blue"), CloudConfig.class,
                CloudSettings.PID, DECLARED))
                .hasMessageContaining("unknown keys 'clientCertFle' (did you mean "
                        + "'clientCertFile'?), 'colour': fix or remove them");
    }

    @Test
    void knownKeysAndWhatConfigAdminAndScrAddAreAccepted() throws FumsException {
        ConfigKeys.check(Map.of("brokerUrl", "ssl://cloud:8883", ".password", "x", "service.pid", CloudSettings.PID,
                "component.name", "c", "component.id", 3L, "felix.fileinstall.filename", "f",
                ":org.apache.felix.configadmin.revision:", 2L, "fums.config.source", "default", "hc.name", "FUMS cloud link",
                "hc.tags", "cloud"), CloudConfig.class, CloudSettings.PID, DECLARED);
        assertThat(ConfigKeys.known(CloudConfig.class)).contains(".password", "brokerUrl", "maxArtifactMegabytes");
    }

    @Test
    void propertyNamesFollowTheDsRules() {
        assertThat(ConfigKeys.propertyName("_password")).isEqualTo(".password");
        assertThat(ConfigKeys.propertyName("a__b")).isEqualTo("a_b");
        assertThat(ConfigKeys.propertyName("a$_$b")).isEqualTo("a-b");
        assertThat(ConfigKeys.propertyName("a$$b")).isEqualTo("a$b");
    }

    @Test
    void theConfigurationHealthCheckSaysDegradedWithTheReasonWhileTheLinkRefusesItsConfiguration() {
        UnaryOperator<String> none = k -> null;
        UnaryOperator<String> data = k -> k.equals("fums.data.dir") ? "/srv/fums" : null;
        CloudConfigCheck check = new CloudConfigCheck(Configs.dcu("DCU-1"),
                Map.of("dcuId", "DCU-1", "brokerUrll", "tcp://127.0.0.1:1883", "hc.name", "n"), none, data);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(check.execute().iterator().next().getMessage()).isEqualTo("degraded: the cloud link refuses its "
                + "configuration, it does not run: CONFIG_INVALID configuration io.fums.cloud.mqtt: unknown key "
                + "'brokerUrll' (did you mean 'brokerUrl'?): fix or remove it (known: "
                + String.join(", ", ConfigKeys.known(CloudConfig.class)) + ")");

        check.modified(Configs.dcu("DCU-1"), Map.of("dcuId", "DCU-1", "brokerUrl", "tcp://127.0.0.1:1883",
                "allowInsecure", true, "hc.tags", "cloud"));
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
    }
}
