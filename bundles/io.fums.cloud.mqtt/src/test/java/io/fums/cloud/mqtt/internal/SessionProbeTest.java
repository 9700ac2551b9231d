package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.cloud.mqtt.client.Topics;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 6 (SEC-9): the session probe's decisions, with the scheduler
 * driven by the test (no waiting) and the real audit log. That a real broker
 * that stops delivering is recovered from is shown by the console module's
 * StalledSessionIT and features/dcu OversizedRequestE2EIT (Mosquitto 2.0.11).
 */
@Tag("SEC-9")
class SessionProbeTest {

    private static final DeviceId DCU = DeviceId.of("DCU-PROBE");
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int RECEIVE_MAXIMUM = 4;

    @TempDir
    Path dir;

    private final FakeTransport transport = new FakeTransport();
    private final List<Scheduled> scheduled = new ArrayList<>();
    private final List<Long> reconnects = new ArrayList<>();
    private final AtomicInteger held = new AtomicInteger();
    private ClosableDatabase db;
    private AuditLog audit;
    private SessionProbe probe;

    private record Scheduled(Runnable task, Duration delay) {
    }

    @BeforeEach
    void setUp() throws Exception {
        db = Stores.openDatabase(dir);
        audit = Stores.auditLog(db, Clock.systemUTC());
        transport.connect();
        transport.autoAck(true);
        probe = new SessionProbe(DCU, transport, INTERVAL, TIMEOUT, RECEIVE_MAXIMUM, held::get, reconnects::add,
                (task, delay) -> scheduled.add(new Scheduled(task, delay)), audit, System::nanoTime);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** Runs the oldest scheduled task and returns its delay. */
    private Duration runNext() {
        assertThat(scheduled).as("a task is scheduled").isNotEmpty();
        Scheduled s = scheduled.remove(0);
        s.task().run();
        return s.delay();
    }

    private Outgoing lastProbe() {
        List<Outgoing> sent = transport.sent();
        Outgoing o = sent.get(sent.size() - 1);
        assertThat(o.topic()).isEqualTo("fums/v1/DCU-PROBE/probe");
        return o;
    }

    private void echo(byte[] payload) {
        AtomicInteger acks = new AtomicInteger();
        boolean taken = probe.accept(new Incoming(probe.topic(), payload, 1, false, null, null, Topics.JSON, List.of(),
                acks::incrementAndGet));
        assertThat(taken).isTrue();
        assertThat(acks).as("the probe message is acknowledged").hasValue(1);
    }

    private List<AuditEntry> audit(String action) throws Exception {
        return audit.query(AuditQuery.builder().action(action).limit(100).build());
    }

    @Test
    void issue12item6_aProbeThatComesBackKeepsTheSessionAndTheNextOneFollowsAfterTheInterval() throws Exception {
        probe.connected(transport.epoch(), true);
        Outgoing first = lastProbe();
        assertThat(first.qos()).isEqualTo(1);
        assertThat(first.retained()).isFalse();
        echo(first.payload());
        assertThat(runNext()).as("the check after the timeout").isEqualTo(TIMEOUT);
        assertThat(runNext()).as("the next probe, one interval after the first").isEqualTo(INTERVAL.minus(TIMEOUT));
        assertThat(lastProbe().payload()).as("a new token each time").isNotEqualTo(first.payload());
        assertThat(reconnects).isEmpty();
        assertThat(probe.stalls()).isZero();
        assertThat(probe.roundTrips()).isEqualTo(1);
        assertThat(audit("cloud.session.stall")).isEmpty();
    }

    @Test
    void issue12item6_aProbeNotBackWithinTheTimeoutReconnectsCountsAndAuditsTheStallOncePerStreak() throws Exception {
        probe.connected(transport.epoch(), true);
        runNext();
        assertThat(reconnects).containsExactly(1L);
        assertThat(probe.stalls()).isEqualTo(1);
        List<AuditEntry> stalls = audit("cloud.session.stall");
        assertThat(stalls).hasSize(1);
        assertThat(stalls.get(0).outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(stalls.get(0).detailJson()).contains("\"action\":\"reconnect\"").contains("\"heldRequests\":0");

        // the next connection (the broker resumed the session) is stuck again at once: counted, not audited again
        transport.connect();
        probe.connected(transport.epoch(), true);
        runNext();
        assertThat(reconnects).containsExactly(1L, 2L);
        assertThat(probe.stalls()).isEqualTo(2);
        assertThat(audit("cloud.session.stall")).hasSize(1);

        // then the broker delivers again: the streak's end is audited with its length
        transport.connect();
        probe.connected(transport.epoch(), true);
        echo(lastProbe().payload());
        Scheduled auditTask = scheduled.remove(scheduled.size() - 1);
        assertThat(auditTask.delay()).as("the audit of the resume, off Paho's thread, at once").isZero();
        auditTask.task().run();
        List<AuditEntry> resumed = audit("cloud.session.resume");
        assertThat(resumed).hasSize(1);
        assertThat(resumed.get(0).detailJson()).contains("\"reconnects\":2");
        runNext();
        assertThat(reconnects).hasSize(2);
    }

    @Test
    void issue12item6_noReconnectWhileTheDcusOwnWorkersHoldTheWholeReceiveQuota() {
        probe.connected(transport.epoch(), true);
        held.set(RECEIVE_MAXIMUM);
        assertThat(runNext()).isEqualTo(TIMEOUT);
        assertThat(reconnects).as("the broker may not send while the DCU holds the quota").isEmpty();
        assertThat(scheduled).as("checked again later").hasSize(1);
        held.set(RECEIVE_MAXIMUM - 1);
        runNext();
        assertThat(reconnects).as("a free slot and still no probe: stalled").containsExactly(1L);
    }

    @Test
    void issue12item6_anotherPayloadOnTheProbeTopicDoesNotCountAsTheProbe() {
        probe.connected(transport.epoch(), true);
        echo("{\"probe\":\"forged\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        runNext();
        assertThat(reconnects).containsExactly(1L);
        assertThat(probe.roundTrips()).isZero();
    }

    @Test
    void issue12item6_aCheckOfAnEarlierConnectionDoesNothing() {
        probe.connected(transport.epoch(), true);
        transport.connect(); // reconnected for another reason before the check ran
        runNext();
        assertThat(reconnects).isEmpty();
        assertThat(probe.stalls()).isZero();
    }

    @Test
    void issue12item6_aRefusedProbeSubscriptionOrPublishTurnsTheProbeOffInsteadOfReconnectingForever() {
        probe.connected(transport.epoch(), false);
        assertThat(transport.sent()).isEmpty();
        assertThat(scheduled).isEmpty();

        transport.connect();
        transport.autoAck(false);
        probe.connected(transport.epoch(), true);
        assertThat(transport.sent()).hasSize(1);
        refuseOldest(0x87);
        runNext();
        assertThat(reconnects).as("not authorized: the broker will never echo it").isEmpty();
        assertThat(probe.stalls()).isZero();
    }

    private void refuseOldest(int reasonCode) {
        transport.nackOldest(new org.eclipse.paho.mqttv5.common.MqttException(reasonCode));
    }

    @Test
    void theProbeTopicIsInsideTheDcusOwnTreeButIsNoRequestTopic() {
        assertThat(Topics.isOwn(DCU, probe.topic())).isTrue();
        assertThat(Topics.operationOf(DCU, probe.topic())).isNull();
    }
}
