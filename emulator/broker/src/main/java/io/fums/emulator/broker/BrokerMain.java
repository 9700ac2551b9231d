package io.fums.emulator.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded broker in the foreground until Ctrl-C, TLS with client
 * certificates by default (a throwaway {@link BrokerPki}, made afresh at each start):
 * {@code java -cp ... io.fums.emulator.broker.BrokerMain [--tls-port 8883] [--pki DIR] [--client ID]...
 * [--plain-port N] [--bind 127.0.0.1] [--data DIR]}.
 *
 * <p>Every mistake is one line on stderr, {@code fums-broker: what is wrong; how to fix it}, never a stack trace,
 * with the exit codes of the other FUMS tools: 0 stopped by Ctrl-C, 1 the broker failed, 2 a usage mistake,
 * 3 an I/O problem (a busy port, a folder that cannot be written). A busy port is found before the broker starts.
 */
public final class BrokerMain {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int IO = 3;
    private static final String USAGE_TEXT = "usage: fums-broker [--tls-port N (default 8883, 0 = any)] [--pki DIR "
            + "(the throwaway CA, server and client certificates, made afresh; default ./fums-broker-pki)] "
            + "[--client ID (a client certificate with CN=ID; repeatable)] [--plain-port N (also an insecure tcp:// "
            + "listener; none by default)] [--bind ADDRESS (default 127.0.0.1)] [--data DIR (file persistence; "
            + "default in memory)]";

    /** A mistake the person can fix: its exit code and its one line. */
    static final class Mistake extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Mistake(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private BrokerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, new CountDownLatch(1)));
    }

    /**
     * Runs the broker until {@code stop} counts down (Ctrl-C does that); returns the exit code. Mistakes return at
     * once, before anything is created or started.
     */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
        EmbeddedBroker broker;
        try {
            Options o = Options.parse(args);
            if (o.help) {
                out.println(USAGE_TEXT);
                return OK;
            }
            o.check();
            BrokerPki pki = BrokerPki.create(o.pki.toAbsolutePath());
            EmbeddedBroker.Builder b = EmbeddedBroker.builder().bindAddress(o.bind);
            if (o.plainPort != null) {
                b.port(o.plainPort).plainListener(true);
            }
            if (o.data != null) {
                b.persistent(o.data);
            }
            broker = b.tls(pki.listener(o.tlsPort)).build().start();
            out.println("fums-broker: MQTT 5 broker on " + broker.tlsUrl() + " (TLS, client certificate required)"
                    + (broker.hasPlainListener() ? " and, insecure, on " + broker.url() : "") + "; Ctrl-C stops it");
            out.println("  CA:      " + pki.caPem());
            BrokerPki.ClientFiles console = pki.console();
            out.println("  console: --ca " + pki.caPem() + " --cert " + console.cert() + " --cert-key "
                    + console.key());
            for (String id : o.clients) {
                BrokerPki.ClientFiles c = pki.client(id);
                out.println("  " + id + ": clientCertFile " + c.cert() + ", clientKeyFile " + c.key());
            }
        } catch (Mistake e) {
            err.println("fums-broker: " + e.getMessage());
            return e.code;
        } catch (UncheckedIOException e) {
            err.println("fums-broker: " + e.getCause().getMessage() + " cannot be written; choose a folder you may "
                    + "write (--pki, --data)");
            return IO;
        } catch (RuntimeException e) {
            err.println("fums-broker: the broker did not start: " + e.getMessage());
            return FAILED;
        }
        EmbeddedBroker running = broker;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stop.countDown();
        }, "fums-broker-stop"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    /** The command line, parsed and checked. */
    static final class Options {
        int tlsPort = 8883;
        Integer plainPort;
        Path pki = Path.of("fums-broker-pki");
        Path data;
        String bind = "127.0.0.1";
        final Set<String> clients = new LinkedHashSet<>();
        boolean help;

        static Options parse(String[] args) throws Mistake {
            Options o = new Options();
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.equals("--client") && seen.contains(a)) {
                    throw new Mistake(USAGE, "option " + a + " is given twice; give it once");
                }
                seen.add(a);
                switch (a) {
                    case "--tls-port" -> o.tlsPort = port(a, value(args, ++i, a));
                    case "--plain-port" -> o.plainPort = port(a, value(args, ++i, a));
                    case "--pki" -> o.pki = Path.of(value(args, ++i, a));
                    case "--data" -> o.data = Path.of(value(args, ++i, a));
                    case "--bind" -> o.bind = value(args, ++i, a);
                    case "--client" -> client(o, value(args, ++i, a));
                    case "-h", "--help" -> o.help = true;
                    default -> throw new Mistake(USAGE, "unknown option '" + a + "'" + suggestion(a)
                            + "; see fums-broker --help");
                }
            }
            return o;
        }

        /** What can be known before starting: the folders, the address, the ports free. */
        void check() throws Mistake {
            if (plainPort != null && plainPort != 0 && plainPort == tlsPort) {
                throw new Mistake(USAGE, "--plain-port and --tls-port are both " + tlsPort + "; give two ports");
            }
            notAFile("--pki", pki);
            if (data != null) {
                notAFile("--data", data);
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                throw new Mistake(USAGE, "--bind " + bind + " is not an address of this machine; e.g. --bind "
                        + "127.0.0.1");
            }
            free("--tls-port", address, tlsPort);
            if (plainPort != null) {
                free("--plain-port", address, plainPort);
            }
        }

        private static void notAFile(String option, Path p) throws Mistake {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new Mistake(USAGE, option + " " + p + " is a file; give a folder (it is created if missing)");
            }
        }

        private void free(String option, InetAddress address, int port) throws Mistake {
            if (port == 0) {
                return;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(address, port));
            } catch (IOException e) {
                if (e instanceof java.net.BindException && "Cannot assign requested address".equals(e.getMessage())) {
                    throw new Mistake(USAGE, "--bind " + bind + " is not an address of this machine; e.g. --bind "
                            + "127.0.0.1");
                }
                throw new Mistake(IO, "port " + port + " on " + bind + " is in use (" + e.getMessage() + "): stop "
                        + "what uses it (another fums-broker?) or choose another " + option);
            }
        }

        private static String value(String[] args, int i, String option) throws Mistake {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new Mistake(USAGE, "option " + option + " needs a value; see fums-broker --help");
            }
            return args[i];
        }

        private static int port(String option, String v) throws Mistake {
            try {
                int p = Integer.parseInt(v);
                if (p >= 0 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new Mistake(USAGE, option + " '" + v + "' is not a port: give 1..65535 (0: any free port)");
        }

        private static void client(Options o, String id) throws Mistake {
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new Mistake(USAGE, "--client '" + id + "' is not a client id: letters, digits, '.', '_', '-' "
                        + "(up to 64), e.g. --client DCU-0001");
            }
            if (!o.clients.add(id)) {
                throw new Mistake(USAGE, "--client " + id + " is given twice; give each client once");
            }
        }

        private static String suggestion(String a) {
            for (String known : List.of("--tls-port", "--plain-port", "--pki", "--data", "--bind", "--client",
                    "--help")) {
                if (known.startsWith(a) || a.startsWith(known) || (a.length() > 4 && known.contains(a.substring(2)))) {
                    return " (did you mean " + known + "?)";
                }
            }
            return "";
        }
    }
}
