package io.fums.meter.upgrade.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.device.DeviceType;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.MeterSelector;
import io.fums.meter.upgrade.RolloutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The campaign spec's JSON form: every field read, written back the same, and every bad input named. */
@Tag("UMS-1")
class CampaignSpecJsonTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void aFullSpecReadsAndWritesBackTheSame() {
        CampaignSpec spec = CampaignSpecJson.read("""
                {"id": "fw-2", "firmware": "%s", "meters": ["m-1", "m-2"],
                 "activation": {"mode": "at", "at": "2026-11-25T02:00:00Z"},
                 "rollout": {"waves": ["1", "10%%", "rest"], "concurrencyPerLink": 2, "maxAttempts": 5,
                             "backoffSeconds": 1.5, "maxBackoffSeconds": 60, "errorThreshold": "3"}}
                """.formatted(SHA));
        assertThat(spec.meters()).containsExactly("m-1", "m-2");
        assertThat(spec.activation()).isEqualTo(ActivationPolicy.at(Instant.parse("2026-11-25T02:00:00Z")));
        assertThat(spec.rollout()).isEqualTo(new RolloutPolicy(List.of("1", "10%", "rest"), 2, 5, Duration.ofMillis(1500),
                Duration.ofSeconds(60), "3"));
        assertThat(CampaignSpecJson.read(CampaignSpecJson.write(spec))).isEqualTo(spec);
    }

    @Test
    void aSelectorAndAWindowWithDefaultRollout() {
        CampaignSpec spec = CampaignSpecJson.read("""
                {"id": "w", "firmware": "%s", "selector": {"deviceType": "FUMS-EM-1", "firmwareIdentifier": "1.0.0"},
                 "activation": {"mode": "window", "start": "23:00", "end": "02:00"}}
                """.formatted(SHA));
        assertThat(spec.selector()).isEqualTo(new MeterSelector(DeviceType.of("FUMS-EM-1"), "1.0.0"));
        assertThat(spec.activation().windowed()).isTrue();
        assertThat(spec.rollout()).isEqualTo(RolloutPolicy.defaults());
        assertThat(CampaignSpecJson.read(CampaignSpecJson.write(spec))).isEqualTo(spec);
    }

    @Test
    void badSpecsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> CampaignSpecJson.read("{\"firmware\": \"" + SHA + "\", \"meters\": [\"m\"]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id' is missing");
        assertThatThrownBy(() -> CampaignSpecJson.read("{\"id\": \"x\", \"firmware\": \"abc\", \"meters\": [\"m\"]}"))
                .hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> CampaignSpecJson.read("{\"id\": \"x\", \"firmware\": \"" + SHA + "\"}"))
                .hasMessageContaining("either a list of meters or a selector");
        assertThatThrownBy(() -> CampaignSpecJson.read("{\"id\": \"x\", \"firmware\": \"" + SHA + "\", \"meters\": [\"m\", \"m\"]}"))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> CampaignSpecJson.read("{\"id\": \"x\", \"firmware\": \"" + SHA + "\", \"meters\": [\"m\"],"
                + " \"activation\": {\"mode\": \"later\"}}")).hasMessageContaining("mode 'later'");
        assertThatThrownBy(() -> CampaignSpecJson.read("{\"id\": \"x\", \"firmware\": \"" + SHA + "\", \"meters\": [\"m\"],"
                + " \"activation\": {\"mode\": \"at\", \"at\": \"tomorrow\"}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CampaignSpecJson.read("{\"id\": \"x\", \"firmware\": \"" + SHA + "\", \"meters\": [\"m\"],"
                + " \"rollout\": {\"waves\": [\"0\"]}}")).hasMessageContaining("wave '0'");
        assertThatThrownBy(() -> CampaignSpecJson.read("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CampaignSpecJson.read("{\"id\": \"bad id\", \"firmware\": \"" + SHA + "\", \"meters\": [\"m\"]}"))
                .hasMessageContaining("campaign id");
    }

    @Test
    void theTransferPolicyIsAutoByDefaultPointToPointOnRequestAndNothingElse() {
        String spec = "{\"id\": \"t\", \"firmware\": \"" + SHA + "\", \"meters\": [\"m\"]%s}";
        assertThat(CampaignSpecJson.read(spec.formatted("")).rollout().transfer()).isEqualTo(RolloutPolicy.AUTO);
        assertThat(RolloutPolicy.defaults().broadcast()).isTrue();
        CampaignSpec p2p = CampaignSpecJson.read(spec.formatted(", \"rollout\": {\"transfer\": \"point-to-point\"}"));
        assertThat(p2p.rollout().broadcast()).isFalse();
        assertThat(CampaignSpecJson.read(CampaignSpecJson.write(p2p))).isEqualTo(p2p);
        assertThat(CampaignSpecJson.toJson(p2p).getAsJsonObject("rollout").get("transfer").getAsString())
                .isEqualTo("point-to-point");
        assertThatThrownBy(() -> CampaignSpecJson.read(spec.formatted(", \"rollout\": {\"transfer\": \"sometimes\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transfer 'sometimes'");
    }

    @Test
    void aMaintenanceWindowOpensAtItsStartAndMayWrapMidnight() {
        ActivationPolicy night = ActivationPolicy.window(LocalTime.of(23, 0), LocalTime.of(2, 0));
        assertThat(night.inWindow(Instant.parse("2026-11-24T23:30:00Z"))).isTrue();
        assertThat(night.inWindow(Instant.parse("2026-11-25T01:59:59Z"))).isTrue();
        assertThat(night.inWindow(Instant.parse("2026-11-25T02:00:00Z"))).isFalse();
        assertThat(night.nextActivation(Instant.parse("2026-11-25T12:00:00Z"))).isEqualTo(Instant.parse("2026-11-25T23:00:00Z"));
        assertThat(night.nextActivation(Instant.parse("2026-11-25T00:10:00Z"))).isEqualTo(Instant.parse("2026-11-25T00:10:00Z"));
        assertThat(ActivationPolicy.immediately().nextActivation(Instant.EPOCH)).isEqualTo(Instant.EPOCH);
        assertThatThrownBy(() -> ActivationPolicy.window(LocalTime.NOON, LocalTime.NOON)).isInstanceOf(IllegalArgumentException.class);
    }
}
