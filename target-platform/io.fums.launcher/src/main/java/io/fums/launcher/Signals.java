package io.fums.launcher;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM (systemd, kill) and SIGINT (Ctrl-C) stop the DCU in order and let
 * the process exit 0. The JVM's default for these signals is exit status
 * 143/130 after shutdown hooks; catching them lets the framework stop
 * normally and report a clean exit. A shutdown hook covers every other way
 * the JVM may be asked to exit.
 */
final class Signals {

    private static final Logger LOG = Logger.getLogger("io.fums.launcher");

    private Signals() {
    }

    static void onTermination(Runnable stop) {
        AtomicBoolean once = new AtomicBoolean();
        Runnable stopOnce = () -> {
            if (once.compareAndSet(false, true)) {
                stop.run();
            }
        };
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> {
                LOG.info("SIG" + sig.getName() + " received: stopping");
                Thread t = new Thread(stopOnce, "fums-shutdown");
                t.start();
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stopOnce, "fums-shutdown-hook"));
    }
}
