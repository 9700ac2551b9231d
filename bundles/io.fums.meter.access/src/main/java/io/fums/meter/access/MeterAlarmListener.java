package io.fums.meter.access;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives meter alarms (SEC-8). Whiteboard: register a service with this
 * interface; every registered listener gets every alarm raised while it is
 * registered (alarms are not replayed: {@link MeterInventory#suspects()}
 * holds the meters alarmed earlier).
 *
 * <p>Called on one delivery thread of the meter-reading bundle, one alarm
 * after another, in the order raised; a slow listener delays the alarms
 * after it, never the reads. An exception thrown by a listener is logged and
 * otherwise ignored.
 */
@ConsumerType
@FunctionalInterface
public interface MeterAlarmListener {

    /**
     * An alarm was raised.
     *
     * @param alarm what was seen
     */
    void alarm(MeterAlarm alarm);
}
