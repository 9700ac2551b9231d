package io.fums.shell.internal;

import java.nio.channels.SocketChannel;
import java.util.regex.Pattern;

/**
 * Who is at the other end of a shell session. The socket file's permissions are the gate (only the service user,
 * its group and root can connect); the kernel then tells the peer's user (SO_PEERCRED, through the JDK's
 * {@code jdk.net.ExtendedSocketOptions}). The technician's own name is the one the client sends in its hello line
 * ({@code $SUDO_USER}, else the login user), believed only when the peer is root or the DCU's own user (the accounts
 * a technician reaches through sudo); any other peer is named by its kernel-given user.
 *
 * @param user      the technician, as audited: {@code technician:<user>@shell}
 * @param peer      the peer's user as the kernel says, or {@code ?} if it cannot be asked
 * @param claimed   the user the client sent
 */
record PeerIdentity(String user, String peer, String claimed) {

    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?");

    /** The audited actor. */
    String actor() {
        return "technician:" + user + "@shell";
    }

    static boolean validName(String name) {
        return name != null && USER.matcher(name).matches();
    }

    /** Decides the identity from the kernel's peer user and the claimed one; {@code serviceUser} is the DCU's. */
    static PeerIdentity decide(String peer, String claimed, String serviceUser) {
        if (peer == null) {
            return new PeerIdentity(claimed, "?", claimed);
        }
        boolean delegating = peer.equals("root") || peer.equals(serviceUser);
        return new PeerIdentity(delegating ? claimed : peer, peer, claimed);
    }

    /** The peer's user name from the kernel, or null where the platform cannot say. */
    static String peerUser(SocketChannel channel) {
        try {
            return channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (Exception | NoClassDefFoundError unsupported) {
            return null;
        }
    }
}
