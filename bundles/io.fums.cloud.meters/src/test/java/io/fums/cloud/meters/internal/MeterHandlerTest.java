package io.fums.cloud.meters.internal;

import static io.fums.cloud.meters.internal.CampaignHandlerTest.get;
import static io.fums.cloud.meters.internal.CampaignHandlerTest.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.meter.access.MeterAlarm;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.reading.MeterReadings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** meters.* and the meters state section over a hand-written inventory. */
@Tag("SM-1")
class MeterHandlerTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    private final FakeMeters meters = new FakeMeters()
            .meter("m-1", "FUMS-EM-1", "tcp:127.0.0.1:4061")
            .meter("m-2", "FUMS-EM-1", "rs485-a", "none")
            .meter("m-3", "FUMS-EM-2", "rs485-a")
            .reading("m-1", T, "1.0.0").reading("m-1", T.plusSeconds(900), "2.0.0")
            .reading("m-2", T, "1.0.0").reading("m-2", T.plusSeconds(900), "error: object-undefined");
    private final AtomicReference<MeterInventory> inventory = new AtomicReference<>(meters);
    private final AtomicReference<MeterReadings> readings = new AtomicReference<>(meters);
    private final MeterHandler handler = new MeterHandler(inventory::get, readings::get);

    @Test
    @Tag("SEC-5")
    void listGivesEachMeterWithItsLastSeenFirmwareAndRead() throws FumsException {
        meters.suspects.add("m-2");
        JsonObject data = wire(handler.handle(get("meters.list", "{}")).data());
        assertThat(data.get("count").getAsInt()).isEqualTo(3);
        JsonArray list = data.getAsJsonArray("meters");
        JsonObject m1 = list.get(0).getAsJsonObject();
        assertThat(m1.get("meterId").getAsString()).isEqualTo("m-1");
        assertThat(m1.get("deviceType").getAsString()).isEqualTo("FUMS-EM-1");
        assertThat(m1.get("linkId").getAsString()).isEqualTo("tcp:127.0.0.1:4061");
        assertThat(m1.get("firmwareIdentifier").getAsString()).isEqualTo("2.0.0");
        assertThat(m1.get("firmwareSeenAt").getAsString()).isEqualTo("2026-03-01T12:15:00.300Z");
        assertThat(m1.get("lastReadAt").getAsString()).isEqualTo("2026-03-01T12:15:00.300Z");
        assertThat(m1.get("suspect").getAsBoolean()).isFalse();
        assertThat(m1.get("security").getAsString()).isEqualTo("high-gmac+suite0");
        assertThat(m1.get("insecure").getAsBoolean()).isFalse();
        JsonObject m2 = list.get(1).getAsJsonObject();
        assertThat(m2.get("security").getAsString()).as("SEC-5: flagged").isEqualTo("none");
        assertThat(m2.get("insecure").getAsBoolean()).isTrue();
        assertThat(m2.get("firmwareIdentifier").getAsString()).as("an unreadable identifier is skipped").isEqualTo("1.0.0");
        assertThat(m2.get("suspect").getAsBoolean()).isTrue();
        assertThat(m2.get("suspectReason").getAsString()).as("SEC-8: why").isEqualTo("marked suspect by an alarm");
        assertThat(m1.has("suspectReason")).isFalse();
        JsonObject m3 = list.get(2).getAsJsonObject();
        assertThat(m3.get("firmwareIdentifier").isJsonNull()).isTrue();
        assertThat(m3.get("lastReadAt").isJsonNull()).isTrue();

        JsonObject em2 = wire(handler.handle(get("meters.list", "{\"deviceType\":\"FUMS-EM-2\"}")).data());
        assertThat(em2.get("count").getAsInt()).isEqualTo(1);
    }

    /**
     * Issue 15, firmware per component: {@code meters.list} gives each meter's firmware per component from its
     * latest reading, and the state section counts the meters per metrology and communication module identifier.
     *
     * <p>Proves: SM-1.
     */
    @Test
    @Tag("SM-1")
    void listAndStateGiveTheFirmwareOfEveryComponent() throws FumsException {
        meters.readingOf("m-3", T.plusSeconds(1800), Map.of("1-0:0.2.0.255", "1.0.0", "1-1:0.2.0.255", "4.0.0",
                "1-2:0.2.0.255", "7.1.0"));
        JsonArray list = wire(handler.handle(get("meters.list", "{}")).data()).getAsJsonArray("meters");
        JsonObject m3 = list.get(2).getAsJsonObject().getAsJsonObject("components");
        assertThat(m3.get("core").getAsString()).isEqualTo("1.0.0");
        assertThat(m3.get("metrology").getAsString()).isEqualTo("4.0.0");
        assertThat(m3.get("communication").getAsString()).isEqualTo("7.1.0");
        JsonObject m1 = list.get(0).getAsJsonObject().getAsJsonObject("components");
        assertThat(m1.keySet()).as("a meter with a core only").containsExactly("core");
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) new MeterState(meters, meters, Clock.systemUTC()).state();
        assertThat(s).containsEntry("components", Map.of("metrology", Map.of("4.0.0", 1), "communication",
                Map.of("7.1.0", 1)));
    }

    /** Issue 15: each meter's capabilities as discovered from its object list; null while never contacted. */
    @Test
    @Tag("SM-9")
    void listGivesEachMetersCapabilities() throws FumsException {
        meters.capabilities.put("m-1", new io.fums.meter.access.MeterCapabilities("2.0.0", true, false, true, true,
                java.util.List.of("1-0:0.2.0.255", "1-1:0.2.0.255"), 200L, 1024, 14, T));
        JsonArray list = wire(handler.handle(get("meters.list", "{}")).data()).getAsJsonArray("meters");

        JsonObject c = list.get(0).getAsJsonObject().getAsJsonObject("capabilities");
        assertThat(c.get("firmwareIdentifier").getAsString()).isEqualTo("2.0.0");
        assertThat(c.get("imageTransfer").getAsBoolean()).isTrue();
        assertThat(c.get("activationSchedule").getAsBoolean()).isFalse();
        assertThat(c.get("disconnectControl").getAsBoolean()).isTrue();
        assertThat(c.get("securitySetup").getAsBoolean()).isTrue();
        assertThat(c.getAsJsonArray("firmwareObjects")).hasSize(2);
        assertThat(c.get("imageBlockSize").getAsLong()).isEqualTo(200);
        assertThat(c.get("maxPduSize").getAsInt()).isEqualTo(1024);
        assertThat(c.get("objects").getAsInt()).isEqualTo(14);
        assertThat(c.get("readAt").getAsString()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(list.get(1).getAsJsonObject().get("capabilities").isJsonNull()).as("never contacted").isTrue();
    }

    @Test
    void readIdentifiesNowWithTheLatestReadingsAndStats() throws FumsException {
        CloudResponse r = handler.handle(get("meters.read", "{\"meterId\":\"m-1\",\"limit\":1}"));
        assertThat(r.status()).isEqualTo(ResponseStatus.OK);
        JsonObject data = wire(r.data());
        assertThat(data.getAsJsonObject("meter").get("address").getAsString()).isEqualTo("tcp tcp:127.0.0.1:4061");
        assertThat(data.getAsJsonObject("identity").get("deviceId").getAsString()).isEqualTo("SN-m-1");
        assertThat(data.getAsJsonObject("identity").get("firmwareIdentifier").getAsString()).isEqualTo("2.0.0");
        assertThat(data.get("identifyError").isJsonNull()).isTrue();
        assertThat(data.getAsJsonArray("readings")).singleElement().satisfies(e -> assertThat(
                e.getAsJsonObject().getAsJsonObject("values").get("1-0:0.2.0.255").getAsString()).isEqualTo("2.0.0"));
        assertThat(data.getAsJsonObject("stats").get("done").getAsInt()).isEqualTo(2);
        assertThat(data.getAsJsonObject("stats").get("missed").getAsInt()).isEqualTo(1);
    }

    @Test
    void anUnreachableMeterFailsWithWhatIsKnownAndAnUnknownOneIsRefused() throws FumsException {
        meters.unreachable.add("m-2");
        CloudResponse r = handler.handle(get("meters.read", "{\"meterId\":\"m-2\"}"));
        assertThat(r.status()).isEqualTo(ResponseStatus.FAILED);
        assertThat(r.code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
        assertThat(r.message()).startsWith("meters.read: meter m-2 could not be identified");
        JsonObject data = wire(r.data());
        assertThat(data.get("identity").isJsonNull()).isTrue();
        assertThat(data.getAsJsonObject("identifyError").get("code").getAsString()).isEqualTo("METER_UNREACHABLE");
        assertThat(data.getAsJsonArray("readings")).hasSize(2);

        CloudResponse unknown = handler.handle(get("meters.read", "{\"meterId\":\"m-9\"}"));
        assertThat(unknown.status()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(unknown.code()).isEqualTo(ErrorCode.METER_UNKNOWN);
        assertThat(unknown.message()).contains("no meter m-9");
    }

    @Test
    void badBodiesAreMalformed() {
        assertMalformed(get("meters.read", "{}"), "field 'meterId' is required");
        assertMalformed(get("meters.read", "{\"meterId\":\"m-1\",\"limit\":0}"), "'limit' must be 1..1000");
        assertMalformed(get("meters.read", "{\"meterId\":1}"), "must be a string");
        assertMalformed(get("meters.list", "{\"all\":true}"), "unknown field 'all'");
    }

    @Test
    void withoutTheInventoryTheOperationsSaySo() {
        inventory.set(null);
        for (String op : MeterHandler.OPERATIONS) {
            assertThatThrownBy(() -> handler.handle(get(op, op.equals("meters.read") ? "{\"meterId\":\"m-1\"}" : "{}")))
                    .isInstanceOf(FumsException.class).hasMessageContaining("io.fums.meter.reading")
                    .extracting(e -> ((FumsException) e).code()).isEqualTo(ErrorCode.CMD_UNKNOWN);
        }
    }

    @Test
    @Tag("SEC-5")
    void theStateSectionCountsMetersPerFirmwareAsLastRead() {
        meters.suspects.add("m-3");
        AtomicReference<Instant> now = new AtomicReference<>(T);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        MeterState state = new MeterState(meters, meters, clock);
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) state.state();
        assertThat(s).containsEntry("available", true).containsEntry("count", 3).containsEntry("unidentified", 1)
                .containsEntry("suspects", 1).containsEntry("firmware", Map.of("1.0.0", 1, "2.0.0", 1))
                .as("SEC-5: the meter the inventory runs without security").containsEntry("insecure", 1)
                .containsEntry("insecureMeters", List.of("m-2"));
        int calls = meters.latestCalls.get();
        meters.reading("m-3", T.plusSeconds(1800), "2.0.0");
        assertThat(state.state()).as("reused for a few seconds").isSameAs(s);
        assertThat(meters.latestCalls.get()).isEqualTo(calls);
        now.set(T.plus(Duration.ofSeconds(6)));
        @SuppressWarnings("unchecked")
        Map<String, Object> later = (Map<String, Object>) state.state();
        assertThat(later).containsEntry("firmware", Map.of("1.0.0", 1, "2.0.0", 2)).containsEntry("unidentified", 0)
                .as("meters per device type and firmware, for fleet selection").extracting("types").asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("FUMS-EM-2", Map.of("count", 1, "firmware", Map.of("2.0.0", 1)))
                .hasEntrySatisfying("FUMS-EM-1", t -> assertThat(t).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("count", 2));
        assertThat(later)
                .containsEntry("state", "ok").doesNotContainKey("reason");

        meters.problem = "meter inventory /etc/fums-dcu/meters.json refused: CONFIG_INVALID meter id m-1 is used twice";
        now.set(T.plus(Duration.ofSeconds(12)));
        @SuppressWarnings("unchecked")
        Map<String, Object> degraded = (Map<String, Object>) state.state();
        assertThat(degraded).as("an inventory the DCU cannot use: degraded, with the reason")
                .containsEntry("state", "degraded").containsEntry("reason", meters.problem);
    }

    /**
     * The section published when a campaign ends predates the reads that see the meters' new firmware: the watch
     * finds the change later and the state is published again (seen by the web console's helper, session 10).
     */
    @Test
    void aChangeTheReadsSeeAfterThePublicationIsFound() throws FumsException {
        MeterState state = new MeterState(meters, meters, Clock.systemUTC());
        assertThat(state.changedSincePublished()).as("never published: nothing to re-publish").isFalse();
        state.state();
        assertThat(state.changedSincePublished()).as("the reads saw nothing new").isFalse();
        meters.reading("m-1", T.plusSeconds(1800), "3.0.0");
        assertThat(state.changedSincePublished()).as("m-1 now runs 3.0.0").isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> republished = (Map<String, Object>) state.state();
        assertThat(republished).containsEntry("firmware", Map.of("1.0.0", 1, "3.0.0", 1));
        assertThat(state.changedSincePublished()).isFalse();
    }

    @Test
    void meterAlarmsBecomeAlarmEvents() {
        CloudEvent e = MeterJson.alarmEvent(new MeterAlarm("m-2", MeterAlarm.FIRMWARE_CHANGED, "1.0.0 -> 6.6.6", T));
        assertThat(e.kind()).isEqualTo("alarm");
        assertThat(e.time()).isEqualTo(T);
        JsonObject d = wire(e.data());
        assertThat(d.get("source").getAsString()).isEqualTo("meter");
        assertThat(d.get("campaign").isJsonNull()).isTrue();
        assertThat(d.get("meterId").getAsString()).isEqualTo("m-2");
        assertThat(d.get("code").getAsString()).isEqualTo("FIRMWARE_CHANGED");
        List<CloudEvent> events = new ArrayList<>();
        new EventSink(() -> new CampaignHandlerTest.Recorder(events)).publish(e);
        assertThat(events).containsExactly(e);
    }

    private void assertMalformed(CloudRequest r, String message) {
        assertThatThrownBy(() -> handler.handle(r)).isInstanceOf(FumsException.class).hasMessageContaining(message)
                .extracting(x -> ((FumsException) x).code()).isEqualTo(ErrorCode.CMD_MALFORMED);
    }
}
