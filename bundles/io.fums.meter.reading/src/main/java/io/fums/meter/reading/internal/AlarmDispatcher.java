package io.fums.meter.reading.internal;

import io.fums.meter.access.MeterAlarm;
import io.fums.meter.access.MeterAlarmListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers alarms to the registered listeners (whiteboard) on one thread, in order. Thread-safe. */
final class AlarmDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmDispatcher.class);
    private final List<MeterAlarmListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "meter alarms");
        t.setDaemon(true);
        return t;
    });

    void add(MeterAlarmListener l) {
        listeners.add(l);
    }

    void remove(MeterAlarmListener l) {
        listeners.remove(l);
    }

    void fire(MeterAlarm alarm) {
        LOG.warn("meter {}: {}: {}", alarm.meterId(), alarm.kind(), alarm.message());
        List<MeterAlarmListener> now = List.copyOf(listeners);
        try {
            delivery.execute(() -> {
                for (MeterAlarmListener l : now) {
                    try {
                        l.alarm(alarm);
                    } catch (RuntimeException e) {
                        LOG.error("meter alarm listener {} failed on {}", l, alarm, e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("alarm not delivered (stopping): {}", alarm);
        }
    }

    @Override
    public void close() {
        delivery.shutdown();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
