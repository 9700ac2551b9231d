package io.fums.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code fums-dcu shell}: attaches to the running DCU's technician shell over its Unix domain socket
 * ({@code <data>/run/shell.sock}) and passes lines between the terminal and the DCU. Reads commands from stdin (a
 * prompt when stdin is a terminal; without one, each command is echoed before its output, as a transcript).
 *
 * <p>The protocol is the one of io.fums.shell's {@code Frames}: a {@code hello <user>} line, then one framed
 * reply per line: output lines (a leading {@code .} doubled), then {@code .ok} or {@code .err CODE}.
 *
 * <p>Exit codes: 0 every command went well; 1 a command was refused (its line says the code); 2 a usage mistake;
 * 3 the DCU could not be reached or closed the session.
 */
public final class ShellClient {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    private static final String PROMPT = "fums> ";

    private ShellClient() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out,
                System.err, System.console() != null));
    }

    /** Runs the client; returns the exit code. */
    static int run(String[] args, BufferedReader stdin, PrintStream out, PrintStream err, boolean interactive) {
        Path data = Path.of("/var/lib/fums");
        Path socket = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println("Usage: fums-dcu shell [--data DIR] [--socket FILE]");
                out.println("Attaches to the running DCU's technician shell (docs/technician.md). Run it as the DCU's user");
                out.println("or root, e.g. sudo fums-dcu shell. Type help for the commands, quit to leave.");
                return OK;
            } else if ((a.equals("--data") || a.equals("--socket")) && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                Path p = Path.of(args[++i]);
                if (a.equals("--data")) {
                    data = p;
                } else {
                    socket = p;
                }
            } else if (a.startsWith("--data=") && a.length() > 7) {
                data = Path.of(a.substring(7));
            } else if (a.startsWith("--socket=") && a.length() > 9) {
                socket = Path.of(a.substring(9));
            } else {
                err.println("fums-dcu shell: " + (a.startsWith("--data") || a.startsWith("--socket")
                        ? "option " + a + " needs a value" : "unknown argument '" + a + "'")
                        + "; usage: fums-dcu shell [--data DIR] [--socket FILE]");
                return USAGE;
            }
        }
        if (socket == null) {
            socket = data.resolve("run/shell.sock");
        }
        if (!Files.exists(socket)) {
            err.println("fums-dcu shell: no shell at " + socket + ": is the DCU running (systemctl status fums-dcu), and is "
                    + data + " its data folder (--data, FUMS_DATA)?");
            return UNREACHABLE;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return session(ch, stdin, out, err, interactive);
        } catch (AccessDeniedException e) {
            return denied(err, socket);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("ermission denied")) {
                return denied(err, socket);
            }
            err.println("fums-dcu shell: cannot reach the DCU at " + socket + ": " + e.getMessage()
                    + "; is it running (systemctl status fums-dcu)?");
            return UNREACHABLE;
        }
    }

    private static int denied(PrintStream err, Path socket) {
        err.println("fums-dcu shell: permission denied on " + socket + ": run it as the DCU's user or root, e.g. "
                + "sudo fums-dcu shell (docs/technician.md)");
        return UNREACHABLE;
    }

    private static int session(SocketChannel ch, BufferedReader stdin, PrintStream out, PrintStream err,
                               boolean interactive) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
        String user = System.getenv("SUDO_USER");
        send(ch, "hello " + (user == null || user.isBlank() ? System.getProperty("user.name") : user));
        Boolean greeted = reply(in, out);
        if (greeted == null) {
            err.println("fums-dcu shell: the DCU closed the session");
            return UNREACHABLE;
        }
        if (!greeted) {
            return UNREACHABLE;
        }
        int rc = OK;
        while (true) {
            if (interactive) {
                out.print(PROMPT);
                out.flush();
            }
            String line = stdin.readLine();
            if (line == null) {
                send(ch, "quit");
                reply(in, new PrintStream(PrintStream.nullOutputStream()));
                return rc;
            }
            if (!interactive) {
                out.println(PROMPT + line);
            }
            Boolean ok;
            try {
                send(ch, line);
                ok = reply(in, out);
            } catch (IOException closed) {
                ok = null;
            }
            if (ok == null) {
                err.println("fums-dcu shell: the DCU closed the session (idle too long, or it stopped); attach again");
                return UNREACHABLE;
            }
            if (!ok) {
                rc = REFUSED;
            }
            String word = line.strip();
            if (word.equals("quit") || word.equals("exit")) {
                return rc;
            }
        }
    }

    private static void send(SocketChannel ch, String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Prints one framed reply; true for {@code .ok}, false for {@code .err}, null if the DCU closed the session. */
    private static Boolean reply(BufferedReader in, PrintStream out) throws IOException {
        while (true) {
            String line;
            try {
                line = in.readLine();
            } catch (IOException reset) {
                line = null;
            }
            if (line == null) {
                out.flush();
                return null;
            }
            if (line.equals(".ok")) {
                out.flush();
                return true;
            }
            if (line.startsWith(".err")) {
                out.flush();
                return false;
            }
            out.println(line.startsWith("..") ? line.substring(1) : line);
        }
    }
}
