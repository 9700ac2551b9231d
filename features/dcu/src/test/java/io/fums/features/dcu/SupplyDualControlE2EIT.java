package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.Response;
import io.fums.testsupport.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Remote disconnection with dual control end to end (SEC-4): the real DCU
 * distribution, emulated meters with their disconnect control object
 * (class 70), the embedded broker, and the operators' console. One
 * signature, or the same key twice, is refused; a disconnection of a meter
 * held by a campaign is refused; two operators cut the supply and the
 * meter's energy register stops; one operator reconnects it and it runs
 * again. Every attempt is in the DCU's audit log with its signers.
 */
@Tag("SEC-4")
class SupplyDualControlE2EIT extends CampaignE2E {

    private static final String BODY = "{\"meterId\":\"s-00001\"}";

    private Response raw(String dcu, String envelope) throws Exception {
        return fx.client.request(dcu, "meters.disconnect", BODY, envelope).get(60, TimeUnit.SECONDS);
    }

    @Test
    void sec4DisconnectNeedsTwoOperatorsIsRefusedDuringACampaignStopsTheEnergyAndReconnectRestoresIt() throws Exception {
        String dcuId = "DCU-E2E-SUPPLY";
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "s", "count": 2, "tcpPortBase": %d, "powerW": 3600000}]
                """.formatted(MeterFleet.freePortBase(2)))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 60, 115200);
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 4 * 1024, 7));
            try (DcuProcess dcu = fx.start(dcuId, tmp.resolve("data"), conf)) {
                OperatorKey a = OperatorKey.of(fx.operator);
                OperatorKey b = OperatorKey.of(fx.operator2);

                // one operator's signature
                Response once = raw(dcuId, a.sign("meters.disconnect", dcuId, BODY, Duration.ofMinutes(5)));
                assertThat(once.status()).isEqualTo("refused");
                assertThat(once.code()).isEqualTo("CMD_DUAL_CONTROL_REQUIRED");
                // the same key twice
                Response twice = raw(dcuId, a.cosign(a.sign("meters.disconnect", dcuId, BODY, Duration.ofMinutes(5))));
                assertThat(twice.code()).isEqualTo("CMD_DUAL_CONTROL_REQUIRED");
                assertThat(fleet.status("s-00001").controlState()).isEqualTo("connected");

                // a campaign holds the meter
                String firmware = fx.stage(dcuId, pkg);
                fx.console("campaign", "create", dcuId, "--id", "fw-held", "--firmware", firmware, "--meters", "s-00001");
                Response held = raw(dcuId, b.cosign(a.sign("meters.disconnect", dcuId, BODY, Duration.ofMinutes(5))));
                assertThat(held.status()).isEqualTo("refused");
                assertThat(held.code()).isEqualTo("CMD_METER_IN_CAMPAIGN");
                assertThat(fleet.status("s-00001").controlState()).isEqualTo("connected");
                fx.console("campaign", "cancel", dcuId, "fw-held");

                // two operators, through the console
                String out = fx.console("meters", "disconnect", dcuId, "s-00001", "--cosign", fx.operator2Key.toString());
                assertThat(out).contains("disconnected");
                assertThat(fleet.status("s-00001").controlState()).isEqualTo("disconnected");
                long stopped = fleet.status("s-00001").importWh();
                Conditions.await("the register stands still while the supply is open", Duration.ofSeconds(10))
                        .during(Duration.ofSeconds(2)).until(() -> fleet.status("s-00001").importWh() == stopped);
                assertThat(fleet.status("s-00002").controlState()).as("only the meter named").isEqualTo("connected");
                assertThat(fx.get(dcuId, "meters.supply", BODY).get("controlState").getAsString()).isEqualTo("disconnected");
                // meters list shows each meter's switch as last read or operated (s-00002: never since the start)
                assertThat(fx.console("meters", "list", dcuId).lines().filter(l -> l.startsWith("s-0000")).toList())
                        .satisfiesExactly(l -> assertThat(l).contains(" disconnected "), l -> assertThat(l).contains(" ? "));

                // one operator reconnects
                assertThat(fx.console("meters", "reconnect", dcuId, "s-00001")).contains("reconnected");
                assertThat(fx.get(dcuId, "meters.list", "{}").getAsJsonArray("meters").get(0).getAsJsonObject()
                        .getAsJsonObject("supply").get("state").getAsString()).isEqualTo("connected");
                Conditions.await("energy advances again", Duration.ofSeconds(10))
                        .until(() -> fleet.status("s-00001").importWh() > stopped);

                // the audit log has every attempt, with its signers
                JsonArray refused = fx.get(dcuId, "audit.query", "{\"action\":\"command.refuse\"}").getAsJsonArray("entries");
                assertThat(refused.asList()).filteredOn(e -> "CMD_DUAL_CONTROL_REQUIRED".equals(text(e, "reason")))
                        .hasSize(2);
                JsonArray done = fx.get(dcuId, "audit.query", "{\"action\":\"meter.disconnect\"}").getAsJsonArray("entries");
                assertThat(done.asList()).anySatisfy(e -> {
                    assertThat(text(e, "outcome")).isEqualTo("REFUSED");
                    assertThat(text(e, "reason")).isEqualTo("CMD_METER_IN_CAMPAIGN");
                });
                assertThat(done.asList()).anySatisfy(e -> {
                    assertThat(text(e, "outcome")).isEqualTo("OK");
                    assertThat(text(e, "subject")).isEqualTo("s-00001");
                    assertThat(e.getAsJsonObject().getAsJsonObject("detail").get("signers").getAsString())
                            .isEqualTo(fx.operator.keyId() + "," + fx.operator2.keyId());
                });
                assertThat(fx.get(dcuId, "audit.query", "{\"action\":\"meter.reconnect\"}").getAsJsonArray("entries"))
                        .hasSize(1);
            }
        }
    }

    private static String text(com.google.gson.JsonElement e, String name) {
        JsonObject o = e.getAsJsonObject();
        return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsString() : null;
    }
}
