package io.fums.cloud.meters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.RequestKind;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.crypto.VerifiedCommand;
import io.fums.dlms.cosem.ControlState;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.json.CampaignSpecJson;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * meters.disconnect / meters.reconnect / meters.supply (SEC-4): dual
 * control, refusal while a campaign holds the meter, and an audit entry for
 * every attempt with the signers, the meter and the outcome.
 */
@Tag("SEC-4")
class SupplyHandlerTest {

    private static final DeviceId DCU = DeviceId.of("DCU-0042");
    private static final String SPEC = "{\"id\":\"fw-2\",\"firmware\":\"" + FakeCampaignService.SHA + "\","
            + "\"meters\":[\"m-1\",\"m-2\"],\"activation\":{\"mode\":\"immediately\"},"
            + "\"rollout\":{\"waves\":[\"rest\"],\"concurrencyPerLink\":2,\"maxAttempts\":4,\"errorThreshold\":\"20%\"}}";

    @TempDir
    Path dir;
    private ClosableDatabase db;
    private AuditLog audit;
    private final FakeMeters meters = new FakeMeters().meter("m-1", "FUMS-EM-1", "tcp-1").meter("m-2", "FUMS-EM-1", "tcp-1");
    private final FakeSupply supply = new FakeSupply();
    private final FakeCampaignService service = new FakeCampaignService();
    private final AtomicReference<CampaignService> agent = new AtomicReference<>(service);
    private SupplyHandler handler;

    @BeforeEach
    void setUp() throws FumsException {
        db = Stores.openDatabase(dir);
        audit = Stores.auditLog(db, Clock.systemUTC());
        handler = new SupplyHandler(() -> meters, () -> supply, agent::get, audit);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    static CloudRequest exec(String op, String meterId, String... signers) {
        Instant now = Instant.now();
        String body = "{\"meterId\":\"" + meterId + "\"}";
        VerifiedCommand c = new VerifiedCommand(op, DCU, now, now.plusSeconds(60), "n".repeat(22), body, signers[0],
                "0".repeat(64), now.plusSeconds(120), Arrays.asList(signers).subList(1, signers.length));
        return new CloudRequest(op, RequestKind.EXEC, body, c, DCU, "r7", now);
    }

    /** The newest entry of {@code action} (the log answers newest first). */
    private AuditEntry lastAudit(String action) throws FumsException {
        List<AuditEntry> all = audit.query(AuditQuery.builder().action(action).build());
        assertThat(all).isNotEmpty();
        return all.get(0);
    }

    private static FumsException refused(ThrowingCall call, ErrorCode code) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(t).isInstanceOf(FumsException.class);
        assertThat(((FumsException) t).code()).isEqualTo(code);
        return (FumsException) t;
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void sec4TheHandlerDeclaresDisconnectDualControlAndSupplyReadOnly() {
        assertThat(SupplyHandler.serviceProperties().get(RequestHandler.DUAL_CONTROL)).isEqualTo(new String[] {"meters.disconnect"});
        assertThat(SupplyHandler.serviceProperties().get(RequestHandler.READ_ONLY)).isEqualTo(new String[] {"meters.supply"});
    }

    @Test
    void sec4DisconnectWithOneSignatureIsRefusedAndAuditedAndNothingReachesTheMeter() throws Exception {
        refused(() -> handler.handle(exec("meters.disconnect", "m-1", "op-a")), ErrorCode.CMD_DUAL_CONTROL_REQUIRED);
        assertThat(supply.methods).isZero();
        AuditEntry e = lastAudit("meter.disconnect");
        assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(e.reason()).isEqualTo("CMD_DUAL_CONTROL_REQUIRED");
        assertThat(e.actor()).isEqualTo("op-a");
        assertThat(e.subject()).isEqualTo("m-1");
    }

    @Test
    void sec4DisconnectSignedTwiceByTheSameKeyIsRefused() throws Exception {
        refused(() -> handler.handle(exec("meters.disconnect", "m-1", "op-a", "op-a")), ErrorCode.CMD_DUAL_CONTROL_REQUIRED);
        assertThat(supply.methods).isZero();
    }

    @Test
    void sec4DisconnectIsRefusedWhileACampaignHoldsTheMeter() throws Exception {
        service.create(CampaignSpecJson.read(SPEC));
        FumsException e = refused(() -> handler.handle(exec("meters.disconnect", "m-1", "op-a", "op-b")),
                ErrorCode.CMD_METER_IN_CAMPAIGN);
        assertThat(e.getMessage()).contains("fw-2");
        assertThat(supply.methods).isZero();
        AuditEntry a = lastAudit("meter.disconnect");
        assertThat(a.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(a.reason()).isEqualTo("CMD_METER_IN_CAMPAIGN");
        assertThat(a.detailJson()).contains("\"signers\":\"op-a,op-b\"");

        service.cancel("fw-2");
        assertThat(handler.handle(exec("meters.disconnect", "m-1", "op-a", "op-b")).status()).isEqualTo(ResponseStatus.OK);
    }

    @Test
    void sec4DisconnectWithTwoOperatorsIsDoneAndAuditedWithBothSigners() throws Exception {
        CloudResponse r = handler.handle(exec("meters.disconnect", "m-1", "op-a", "op-b"));
        assertThat(r.status()).isEqualTo(ResponseStatus.OK);
        assertThat(r.message()).isEqualTo("meter m-1 disconnected");
        JsonObject d = CampaignHandlerTest.wire(r.data());
        assertThat(d.get("controlState").getAsString()).isEqualTo("disconnected");
        assertThat(d.get("outputState").getAsBoolean()).isFalse();
        assertThat(d.getAsJsonArray("signers")).hasSize(2);
        assertThat(supply.states).containsEntry("m-1", ControlState.DISCONNECTED).doesNotContainKey("m-2");
        AuditEntry a = lastAudit("meter.disconnect");
        assertThat(a.outcome()).isEqualTo(AuditOutcome.OK);
        assertThat(a.actor()).isEqualTo("op-a");
        assertThat(a.subject()).isEqualTo("m-1");
        assertThat(a.detailJson()).contains("\"signers\":\"op-a,op-b\"").contains("\"controlState\":\"disconnected\"");
    }

    @Test
    void sec4ReconnectNeedsOneSignatureAndSaysWhenTheConsumerMustCloseTheSwitch() throws Exception {
        handler.handle(exec("meters.disconnect", "m-1", "op-a", "op-b"));
        CloudResponse r = handler.handle(exec("meters.reconnect", "m-1", "op-c"));
        assertThat(r.status()).isEqualTo(ResponseStatus.OK);
        assertThat(r.message()).isEqualTo("meter m-1 reconnected");
        assertThat(lastAudit("meter.reconnect").detailJson()).contains("\"signers\":\"op-c\"").contains("\"controlState\":\"connected\"");

        supply.modes.put("m-2", 1);
        handler.handle(exec("meters.disconnect", "m-2", "op-a", "op-b"));
        CloudResponse armed = handler.handle(exec("meters.reconnect", "m-2", "op-c"));
        assertThat(armed.status()).isEqualTo(ResponseStatus.OK);
        assertThat(armed.message()).contains("ready for reconnection").contains("control_mode 1");
    }

    @Test
    void sec4ReconnectIsNotHeldUpByACampaign() throws Exception {
        supply.states.put("m-1", ControlState.DISCONNECTED);
        service.create(CampaignSpecJson.read(SPEC));
        assertThat(handler.handle(exec("meters.reconnect", "m-1", "op-c")).status()).isEqualTo(ResponseStatus.OK);
    }

    @Test
    void sec4AnUnknownMeterOrAMalformedBodyIsRefusedAndAudited() throws Exception {
        refused(() -> handler.handle(exec("meters.disconnect", "x-9", "op-a", "op-b")), ErrorCode.METER_UNKNOWN);
        assertThat(lastAudit("meter.disconnect").subject()).isEqualTo("x-9");
        Instant now = Instant.now();
        String bad = "{\"meterId\":7,\"all\":true}";
        VerifiedCommand c = new VerifiedCommand("meters.disconnect", DCU, now, now.plusSeconds(60), "n".repeat(22), bad,
                "op-a", "0".repeat(64), now.plusSeconds(120), List.of("op-b"));
        refused(() -> handler.handle(new CloudRequest("meters.disconnect", RequestKind.EXEC, bad, c, DCU, "r8", now)),
                ErrorCode.CMD_MALFORMED);
        AuditEntry a = lastAudit("meter.disconnect");
        assertThat(a.reason()).isEqualTo("CMD_MALFORMED");
        assertThat(a.subject()).isEqualTo("?");
        assertThat(supply.methods).isZero();
    }

    @Test
    void sec4SupplyReadsTheStateWithoutASignature() throws Exception {
        CloudResponse r = handler.handle(new CloudRequest("meters.supply", RequestKind.GET, "{\"meterId\":\"m-2\"}", null, DCU,
                "r1", Instant.now()));
        assertThat(CampaignHandlerTest.wire(r.data()).get("controlMode").getAsInt()).isEqualTo(4);
        refused(() -> handler.handle(new CloudRequest("meters.supply", RequestKind.GET, "{\"meterId\":\"m-2\",\"x\":1}", null,
                DCU, "r1", Instant.now())), ErrorCode.CMD_MALFORMED);
    }

    @Test
    void sec4WithoutTheMeterServicesTheOperationsAnswerThatTheyAreNotRunning() throws Exception {
        SupplyHandler none = new SupplyHandler(() -> null, () -> null, () -> null, audit);
        refused(() -> none.handle(exec("meters.disconnect", "m-1", "op-a", "op-b")), ErrorCode.CMD_UNKNOWN);
    }

    @Test
    @Tag("SEC-5")
    void sec4MetersListShowsEachSupplySwitchAsLastReadOrOperatedAndEachMetersSecurity() throws Exception {
        SupplyStates states = new SupplyStates();
        FakeMeters inv = new FakeMeters().meter("m-1", "FUMS-EM-1", "tcp-1").meter("m-2", "FUMS-EM-1", "tcp-1", "low")
                .meter("m-3", "FUMS-EM-1", "tcp-1", "high-gmac");
        SupplyHandler switches = new SupplyHandler(() -> inv, () -> supply, agent::get, audit, states);
        MeterHandler list = new MeterHandler(() -> inv, () -> inv, states);
        java.util.function.Function<Integer, com.google.gson.JsonObject> meter = i -> {
            try {
                return CampaignHandlerTest.wire(list.handle(CampaignHandlerTest.get("meters.list", "{}")).data())
                        .getAsJsonArray("meters").get(i).getAsJsonObject();
            } catch (FumsException e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(meter.apply(0).get("supply").isJsonNull()).as("not read since the start").isTrue();
        assertThat(meter.apply(0).get("authentication").getAsString()).isEqualTo("high-gmac");
        assertThat(meter.apply(0).get("suite").getAsInt()).isZero();
        assertThat(meter.apply(0).get("insecure").getAsBoolean()).isFalse();
        assertThat(meter.apply(1).get("authentication").getAsString()).isEqualTo("low");
        assertThat(meter.apply(1).get("suite").isJsonNull()).as("not ciphered").isTrue();
        assertThat(meter.apply(1).get("insecure").getAsBoolean()).isTrue();
        assertThat(meter.apply(2).get("suite").isJsonNull()).isTrue();
        assertThat(meter.apply(2).get("insecure").getAsBoolean()).isTrue();

        switches.handle(exec("meters.disconnect", "m-1", "op-a", "op-b"));
        assertThat(meter.apply(0).getAsJsonObject("supply").get("state").getAsString()).isEqualTo("disconnected");
        assertThat(meter.apply(0).getAsJsonObject("supply").get("outputState").getAsBoolean()).isFalse();
        assertThat(meter.apply(1).get("supply").isJsonNull()).isTrue();

        switches.handle(CampaignHandlerTest.get("meters.supply", "{\"meterId\":\"m-2\"}"));
        assertThat(meter.apply(1).getAsJsonObject("supply").get("state").getAsString()).isEqualTo("connected");
        switches.handle(exec("meters.reconnect", "m-1", "op-a"));
        assertThat(meter.apply(0).getAsJsonObject("supply").get("state").getAsString()).isEqualTo("connected");
    }
}
