package io.fums.cloud.mqtt.internal;

/**
 * The MQTT connection as the router, the outbox and the state publisher see
 * it. Implemented over Paho by {@link MqttSession}; by fakes in unit tests.
 * Thread-safe.
 */
public interface Transport {

    /** Completion of a publish: PUBACK for QoS 1, sent for QoS 0. */
    interface Completion {
        /** Acknowledged (QoS 1) or written (QoS 0). */
        void done();

        /**
         * Not acknowledged: refused by the broker (a PUBACK reason code of 0x80
         * or more) or lost with the connection.
         *
         * @param why the cause
         */
        void failed(Throwable why);
    }

    /**
     * The current connection's number: it grows at every successful connect,
     * so a change tells that everything in flight on the previous connection
     * may have been lost. 0 before the first connect.
     */
    long epoch();

    /** True while connected. */
    boolean isConnected();

    /**
     * The most QoS 1 messages the broker accepts in flight on the current
     * connection (its MQTT 5 receive maximum).
     */
    int brokerReceiveMaximum();

    /**
     * Publishes on the current connection. A QoS 1 publish waits while the
     * broker's receive maximum of unacknowledged publishes is reached.
     *
     * @param message    the message
     * @param completion told the outcome; never called from within this method's
     *                   caller's stack when it throws
     * @throws NotConnectedException if there is no connection now
     */
    void publish(Outgoing message, Completion completion) throws NotConnectedException;

    /** Thrown when there is no connection to publish on. */
    final class NotConnectedException extends Exception {
        private static final long serialVersionUID = 1L;

        public NotConnectedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
