package io.fums.cloud.mqtt.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.Topics;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session liveness probe: proves, from the DCU's side, that the broker
 * still delivers QoS 1 messages to its session.
 *
 * <p>A broker can stop delivering to a connected client without closing the
 * connection: Mosquitto 2.0.11 drops a message larger than the DCU's Maximum
 * Packet Size without giving back the client's receive-maximum quota, so after
 * {@code receiveMaximum} such drops nothing more reaches the DCU, also no
 * operator request (issue 12 item 6). Keep-alive does not notice: PINGs still
 * flow. So at each connect and then every {@code interval}, the DCU publishes a
 * small QoS 1 message with a random token to {@link Topics#probe} (its own
 * topic, subscribed by itself) and expects it back within {@code timeout}.
 * When it is not back while the DCU holds fewer than {@code receiveMaximum}
 * unacknowledged requests (else the DCU itself, not the broker, holds the
 * quota), the session is stalled: the DCU logs a warning, counts it, audits
 * the first stall of a streak ({@code cloud.session.stall}, outcome FAILED)
 * and its end ({@code cloud.session.resume}), and reconnects. The broker then
 * resumes the persistent session with a fresh quota: MQTT 5 flow control
 * starts again at each connection.
 *
 * <p>At most one probe is outstanding, so it costs one small message each way
 * per interval; a stall causes at most one reconnect per {@code timeout}.
 * Every method runs on the session's thread (through the scheduler), except
 * {@link #accept}, called on Paho's callback thread.
 */
final class SessionProbe {

    /** Runs a task after a delay on the session's thread. */
    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    /** The audit log's actor for the probe's entries. */
    static final String ACTOR = "cloud-link";
    private static final Logger LOG = LoggerFactory.getLogger(SessionProbe.class);

    private final DeviceId dcu;
    private final String topic;
    private final Transport transport;
    private final Duration interval;
    private final Duration timeout;
    private final int receiveMaximum;
    private final IntSupplier heldIncoming;
    private final LongConsumer reconnect;
    private final Scheduler scheduler;
    private final AuditLog audit;
    private final LongSupplier nanoTime;
    private final AtomicLong stalls = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    /** The outstanding probe's token, null when none is outstanding (written on the session thread and in accept). */
    private volatile byte[] outstanding;
    private volatile long sentNanos;
    /** Stalls in a row without a probe back; the streak is audited at its start and its end. */
    private final java.util.concurrent.atomic.AtomicInteger streak = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean disabled;

    /**
     * @param interval       how often a probe goes out once one came back
     * @param timeout        how long a probe may take to come back
     * @param receiveMaximum the receive maximum the DCU announces
     * @param heldIncoming   QoS 1 messages the DCU has received and not yet acknowledged on this connection
     * @param reconnect      drops the connection of the given epoch (normally) and connects again
     * @param audit          the audit log, null for none (tests, tools)
     * @param nanoTime       the monotonic time (round-trip figures in the log)
     */
    SessionProbe(DeviceId dcu, Transport transport, Duration interval, Duration timeout, int receiveMaximum,
                 IntSupplier heldIncoming, LongConsumer reconnect, Scheduler scheduler, AuditLog audit,
                 LongSupplier nanoTime) {
        this.dcu = dcu;
        this.topic = Topics.probe(dcu);
        this.transport = transport;
        this.interval = interval;
        this.timeout = timeout;
        this.receiveMaximum = receiveMaximum;
        this.heldIncoming = heldIncoming;
        this.reconnect = reconnect;
        this.scheduler = scheduler;
        this.audit = audit;
        this.nanoTime = nanoTime;
    }

    /** The probe topic (the DCU subscribes to it at each connect). */
    String topic() {
        return topic;
    }

    /** Stalled sessions detected since start (each followed by a reconnect). */
    long stalls() {
        return stalls.get();
    }

    /** Probes that came back since start. */
    long roundTrips() {
        return roundTrips.get();
    }

    /**
     * A connection is up and subscribed: the first probe goes out now.
     *
     * @param subscribed false if the broker refused the probe subscription: no probe on this connection
     */
    void connected(long epoch, boolean subscribed) {
        outstanding = null;
        disabled = !subscribed;
        if (disabled) {
            LOG.warn("the broker refused the subscription to {}: the session probe is off until the next connect "
                    + "(allow the DCU to subscribe to its own probe topic)", topic);
            return;
        }
        send(epoch);
    }

    private void send(long epoch) {
        if (disabled || transport.epoch() != epoch || !transport.isConnected()) {
            return;
        }
        byte[] token = new byte[16];
        ThreadLocalRandom.current().nextBytes(token);
        byte[] payload = ("{\"probe\":\"" + java.util.HexFormat.of().formatHex(token) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        outstanding = payload;
        sentNanos = nanoTime.getAsLong();
        try {
            transport.publish(new Outgoing(topic, payload, 1, false, null, List.of()), new Transport.Completion() {
                @Override
                public void done() {
                    // the echo, not the PUBACK, is what counts
                }

                @Override
                public void failed(Throwable why) {
                    if (why instanceof org.eclipse.paho.mqttv5.common.MqttException e && e.getReasonCode() >= 0x80
                            && e.getReasonCode() <= 0xFF && e.getReasonCode() != 0x97) {
                        // refused (e.g. not authorized): the broker will never echo it; not a stall
                        disabled = true;
                        outstanding = null;
                        LOG.warn("the broker refused the session probe on {} ({}): the probe is off until the next "
                                + "connect (allow the DCU to publish to its own probe topic)", topic, why.toString());
                    }
                }
            });
        } catch (Transport.NotConnectedException e) {
            outstanding = null;
            LOG.debug("session probe not sent: {}", e.getMessage());
            return;
        }
        scheduler.schedule(() -> check(epoch, payload), timeout);
    }

    private void check(long epoch, byte[] token) {
        if (transport.epoch() != epoch || !transport.isConnected()) {
            return;
        }
        if (outstanding != token) {
            // came back (or the probe was switched off): the next one after the interval
            scheduler.schedule(() -> send(epoch), interval.minus(timeout).isNegative() ? Duration.ZERO
                    : interval.minus(timeout));
            return;
        }
        int held = heldIncoming.getAsInt();
        if (held >= receiveMaximum) {
            // the DCU's own workers hold the whole quota: the broker may not send, it is not stuck
            LOG.debug("session probe waits: the DCU holds {} unacknowledged requests", held);
            scheduler.schedule(() -> check(epoch, token), timeout);
            return;
        }
        stalled(epoch, held);
    }

    private void stalled(long epoch, int held) {
        long total = stalls.incrementAndGet();
        int inRow = streak.incrementAndGet();
        long waitedMillis = (nanoTime.getAsLong() - sentNanos) / 1_000_000L;
        LOG.warn("the broker delivers nothing to this session: the probe on {} is not back after {} ms while the "
                + "DCU holds {} of {} unacknowledged requests; reconnecting ({} stall{} in a row, {} since start)",
                topic, waitedMillis, held, receiveMaximum, inRow, inRow == 1 ? "" : "s", total);
        if (inRow == 1) {
            audit(AuditEvent.builder(ACTOR, "cloud.session.stall").outcome(io.fums.store.AuditOutcome.FAILED)
                    .subject(dcu.value()).detail("probeTopic", topic).detail("waitedMillis", waitedMillis)
                    .detail("heldRequests", held).detail("receiveMaximum", receiveMaximum)
                    .detail("stallsSinceStart", total).detail("action", "reconnect").build());
        }
        outstanding = null;
        reconnect.accept(epoch);
    }

    /**
     * A message on the probe topic (acknowledged here). Only the outstanding
     * token counts; anything else is ignored.
     *
     * @return true if the message was on the probe topic
     */
    boolean accept(Incoming m) {
        if (!topic.equals(m.topic())) {
            return false;
        }
        m.ack().run();
        byte[] token = outstanding;
        if (token == null || !Arrays.equals(token, m.payload())) {
            LOG.debug("message on {} is not the outstanding probe: ignored", topic);
            return true;
        }
        outstanding = null;
        roundTrips.incrementAndGet();
        long rtt = (nanoTime.getAsLong() - sentNanos) / 1_000_000L;
        LOG.debug("session probe back in {} ms", rtt);
        int ended = streak.getAndSet(0);
        if (ended > 0) {
            LOG.info("the broker delivers to this session again after {} reconnect{} (probe back in {} ms)", ended,
                    ended == 1 ? "" : "s", rtt);
            AuditEvent resumed = AuditEvent.builder(ACTOR, "cloud.session.resume").subject(dcu.value())
                    .detail("probeTopic", topic).detail("reconnects", ended).detail("stallsSinceStart", stalls.get())
                    .build();
            // not on Paho's callback thread: an audit entry is a durable write
            scheduler.schedule(() -> audit(resumed), Duration.ZERO);
        }
        return true;
    }

    private void audit(AuditEvent event) {
        if (audit == null) {
            return;
        }
        try {
            audit.append(event);
        } catch (FumsException | RuntimeException e) {
            LOG.error("audit of {} failed: {}", event.action(), e.toString());
        }
    }
}
