package io.fums.shell.internal;

import io.fums.api.error.ErrorCode;

/**
 * The shell protocol over the socket, line by line (UTF-8, {@code \n}):
 * <pre>
 * client: hello USER           first line: who the technician says they are
 * server: reply                the greeting, or the refusal of the session
 * client: COMMAND LINE         then one line per command ...
 * server: reply                ... and one reply each
 * </pre>
 * A reply is its output lines, a line that starts with {@code .} sent with one more {@code .} in front (as in SMTP),
 * then one end line: {@code .ok}, or {@code .err CODE} when refused. The session carries nothing else (no log
 * lines). The client, io.fums.launcher.ShellClient, undoes the same framing.
 */
final class Frames {

    static final String HELLO = "hello ";

    private Frames() {
    }

    /** The framed reply to a command: its text, then the end line. */
    static String reply(String text, ErrorCode code) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        if (!text.isEmpty()) {
            for (String line : text.split("\n", -1)) {
                b.append(line.startsWith(".") ? "." : "").append(line).append('\n');
            }
            if (text.endsWith("\n")) {
                b.setLength(b.length() - 1);
            }
        }
        return b.append(code == null ? ".ok" : ".err " + code.name()).append('\n').toString();
    }
}
