package io.fums.cloud.mqtt.internal;

import java.util.ArrayList;
import java.util.List;

/** A transport whose acknowledgements the test controls. */
final class FakeTransport implements Transport {

    record Sent(Outgoing message, Completion completion, long epoch) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private volatile boolean connected;
    private volatile long epoch;
    private volatile int receiveMaximum = 65_535;
    private volatile boolean autoAck;
    private int maxInFlightSeen;
    private int inFlight;

    synchronized void connect() {
        epoch++;
        connected = true;
        inFlight = 0;
    }

    synchronized void disconnect() {
        connected = false;
    }

    void receiveMaximum(int value) {
        receiveMaximum = value;
    }

    void autoAck(boolean value) {
        autoAck = value;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public int brokerReceiveMaximum() {
        return receiveMaximum;
    }

    @Override
    public void publish(Outgoing message, Completion completion) throws NotConnectedException {
        synchronized (this) {
            if (!connected) {
                throw new NotConnectedException("fake: not connected", null);
            }
            sent.add(new Sent(message, completion, epoch));
            inFlight++;
            maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
        }
        if (autoAck) {
            ackOldest();
        }
    }

    /** Acknowledges the oldest unacknowledged message of the current epoch; false if none. */
    boolean ackOldest() {
        Completion c;
        synchronized (this) {
            Sent s = sent.stream().filter(x -> x.completion() != null && x.epoch() == epoch).findFirst().orElse(null);
            if (s == null) {
                return false;
            }
            sent.set(sent.indexOf(s), new Sent(s.message(), null, s.epoch()));
            inFlight--;
            c = s.completion();
        }
        c.done();
        return true;
    }

    /** Refuses the oldest unacknowledged message (a PUBACK with an error reason). */
    boolean nackOldest() {
        return nackOldest(new RuntimeException("PUBACK 0x97 quota exceeded"));
    }

    /** Refuses the oldest unacknowledged message with {@code why}. */
    boolean nackOldest(Throwable why) {
        Completion c;
        synchronized (this) {
            Sent s = sent.stream().filter(x -> x.completion() != null && x.epoch() == epoch).findFirst().orElse(null);
            if (s == null) {
                return false;
            }
            sent.set(sent.indexOf(s), new Sent(s.message(), null, s.epoch()));
            inFlight--;
            c = s.completion();
        }
        c.failed(why);
        return true;
    }

    synchronized List<Outgoing> sent() {
        return sent.stream().map(Sent::message).toList();
    }

    synchronized int unacked() {
        return (int) sent.stream().filter(x -> x.completion() != null && x.epoch() == epoch).count();
    }

    synchronized int maxInFlightSeen() {
        return maxInFlightSeen;
    }

    synchronized void clearSent() {
        sent.clear();
    }

    /** The messages published, as a list to check in order. */
    synchronized List<Outgoing> snapshot() {
        return new ArrayList<>(sent());
    }
}
