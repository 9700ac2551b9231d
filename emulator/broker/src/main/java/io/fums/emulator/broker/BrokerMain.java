package io.fums.emulator.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded broker in the foreground until Ctrl-C:
 * {@code java -cp ... io.fums.emulator.broker.BrokerMain [--port 1883] [--bind 127.0.0.1] [--data DIR]}.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedBroker.Builder b = EmbeddedBroker.builder().port(1883);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> b.port(Integer.parseInt(value(args, ++i)));
                case "--bind" -> b.bindAddress(value(args, ++i));
                case "--data" -> b.persistent(Path.of(value(args, ++i)));
                case "-h", "--help" -> {
                    System.out.println("usage: BrokerMain [--port N (default 1883, 0 = any)] [--bind ADDRESS "
                            + "(default 127.0.0.1)] [--data DIR (file persistence; default in memory)]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (--help)");
                    System.exit(2);
                }
            }
        }
        EmbeddedBroker broker = b.build().start();
        System.out.println("fums-broker: MQTT 5 broker listening on " + broker.url() + " (Ctrl-C stops it)");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stop.countDown();
        }, "fums-broker-stop"));
        stop.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println("option " + args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
