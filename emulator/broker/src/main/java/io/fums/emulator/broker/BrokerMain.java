package io.fums.emulator.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded broker in the foreground until Ctrl-C, TLS with client
 * certificates by default (a throwaway {@link BrokerPki}, made afresh at each start):
 * {@code java -cp ... io.fums.emulator.broker.BrokerMain [--tls-port 8883] [--pki DIR] [--client ID]...
 * [--plain-port N] [--bind 127.0.0.1] [--data DIR]}.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedBroker.Builder b = EmbeddedBroker.builder();
        int tlsPort = 8883;
        Path pkiDir = Path.of("fums-broker-pki");
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tls-port" -> tlsPort = Integer.parseInt(value(args, ++i));
                case "--pki" -> pkiDir = Path.of(value(args, ++i));
                case "--client" -> clients.add(value(args, ++i));
                case "--plain-port" -> b.port(Integer.parseInt(value(args, ++i))).plainListener(true);
                case "--bind" -> b.bindAddress(value(args, ++i));
                case "--data" -> b.persistent(Path.of(value(args, ++i)));
                case "-h", "--help" -> {
                    System.out.println("usage: BrokerMain [--tls-port N (default 8883, 0 = any)] [--pki DIR (the "
                            + "throwaway CA, server and client certificates, made afresh; default ./fums-broker-pki)] "
                            + "[--client ID (a client certificate with CN=ID; repeatable)] [--plain-port N (also an "
                            + "insecure tcp:// listener; none by default)] [--bind ADDRESS (default 127.0.0.1)] "
                            + "[--data DIR (file persistence; default in memory)]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (--help)");
                    System.exit(2);
                }
            }
        }
        BrokerPki pki = BrokerPki.create(pkiDir.toAbsolutePath());
        EmbeddedBroker broker = b.tls(pki.listener(tlsPort)).build().start();
        System.out.println("fums-broker: MQTT 5 broker on " + broker.tlsUrl() + " (TLS, client certificate required)"
                + (broker.hasPlainListener() ? " and, insecure, on " + broker.url() : "") + "; Ctrl-C stops it");
        System.out.println("  CA:      " + pki.caPem());
        BrokerPki.ClientFiles console = pki.console();
        System.out.println("  console: --ca " + pki.caPem() + " --cert " + console.cert() + " --cert-key " + console.key());
        for (String id : clients) {
            BrokerPki.ClientFiles c = pki.client(id);
            System.out.println("  " + id + ": clientCertFile " + c.cert() + ", clientKeyFile " + c.key());
        }
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
