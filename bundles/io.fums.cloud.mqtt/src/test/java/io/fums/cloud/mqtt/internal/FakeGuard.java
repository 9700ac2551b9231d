package io.fums.cloud.mqtt.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.VerifiedCommand;
import io.fums.security.CommandGuard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A guard for router unit tests: an envelope is the text {@code ok:<operation>:<body json>}
 * or {@code refuse:<CODE>}, signed by {@code op-key-1}; a prefix {@code cosigned=<k1>,<k2>;}
 * adds co-signers (SEC-4). Every decision is recorded as the real guard would audit it.
 */
final class FakeGuard implements CommandGuard {

    record Decision(String operation, String outcome, ErrorCode code) {
    }

    final List<Decision> audit = new ArrayList<>();
    private final Set<String> usedNonces = new HashSet<>();
    private final DeviceId dcu;

    FakeGuard(DeviceId dcu) {
        this.dcu = dcu;
    }

    @Override
    public DeviceId dcuId() {
        return dcu;
    }

    /**
     * Like the real guard: signature (here: the text), operation, the caller's check, and only then the
     * nonce (here: the envelope text) is registered; a second use of an envelope is {@code CMD_REPLAYED}.
     */
    @Override
    public synchronized VerifiedCommand admit(byte[] envelope, String expectedOperation, String channel,
                                              RequestCheck check) throws FumsException {
        if (envelope == null || envelope.length == 0) {
            audit.add(new Decision(expectedOperation, "REFUSED", ErrorCode.CMD_UNSIGNED));
            throw new FumsException(ErrorCode.CMD_UNSIGNED, "no signature");
        }
        String s = new String(envelope, StandardCharsets.UTF_8);
        List<String> cosigners = List.of();
        String nonce = s;
        if (s.startsWith("cosigned=")) {
            cosigners = List.of(s.substring(9, s.indexOf(';')).split(","));
            s = s.substring(s.indexOf(';') + 1);
        }
        if (s.startsWith("refuse:")) {
            ErrorCode c = ErrorCode.valueOf(s.substring(7));
            audit.add(new Decision(expectedOperation, "REFUSED", c));
            throw new FumsException(c, "refused by the fake guard");
        }
        String[] parts = s.split(":", 3);
        if (!parts[1].equals(expectedOperation)) {
            audit.add(new Decision(expectedOperation, "REFUSED", ErrorCode.CMD_MALFORMED));
            throw new FumsException(ErrorCode.CMD_MALFORMED, "signed for " + parts[1]);
        }
        Instant now = Instant.now();
        VerifiedCommand command = new VerifiedCommand(parts[1], dcu, now, now.plusSeconds(60),
                "nonce-0123456789abcdef", parts[2], "op-key-1", "0".repeat(64), now.plusSeconds(120), cosigners);
        try {
            check.check(command);
        } catch (FumsException e) {
            audit.add(new Decision(expectedOperation, "REFUSED", e.code()));
            throw e;
        }
        if (!usedNonces.add(nonce)) {
            audit.add(new Decision(expectedOperation, "REFUSED", ErrorCode.CMD_REPLAYED));
            throw new FumsException(ErrorCode.CMD_REPLAYED, "envelope already used");
        }
        audit.add(new Decision(expectedOperation, "OK", null));
        return command;
    }

    @Override
    public synchronized FumsException refuse(FumsException why, String operation, String channel) {
        audit.add(new Decision(operation, "REFUSED", why.code()));
        return why;
    }
}
