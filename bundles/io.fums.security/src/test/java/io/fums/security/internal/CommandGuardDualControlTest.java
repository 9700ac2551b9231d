package io.fums.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.VerifiedCommand;
import io.fums.crypto.internal.CommandSigner;
import io.fums.security.CommandGuard;
import io.fums.store.AuditEntry;
import io.fums.store.AuditOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dual control on the real guard, verifier, nonce registry and audit log
 * (SEC-4): with the router's check (two distinct signers), a command signed
 * once is refused and audited with its signer, without using its nonce; the
 * co-signed command is admitted and audited with both signers.
 */
@Tag("SEC-4")
class CommandGuardDualControlTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-03-04T05:06:07Z"), ZoneOffset.UTC);
    private static final CommandGuard.RequestCheck TWO_SIGNERS = c -> {
        if (c.signerKeyIds().size() < 2) {
            throw new FumsException(ErrorCode.CMD_DUAL_CONTROL_REQUIRED, "needs two operators");
        }
    };

    @TempDir
    Path tmp;
    GateFixture fx;
    CommandGuard guard;

    @BeforeEach
    void setUp() throws Exception {
        fx = new GateFixture(tmp, CLOCK);
        guard = fx.guard();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void sec4OneSignatureIsRefusedAndTheCosignedCommandIsAuditedWithBothSigners() throws Exception {
        Instant now = CLOCK.instant();
        JsonObject body = new JsonObject();
        body.addProperty("meterId", "m-001");
        String once = CommandSigner.sign(fx.operator, "meters.disconnect", DeviceId.of("dcu-0042"), now.minusSeconds(5),
                now.plusSeconds(300), "nonce-sec4-dual-0000001", body);

        Throwable single = catchThrowable(() -> guard.admit(once.getBytes(StandardCharsets.UTF_8), "meters.disconnect",
                "mqtt", TWO_SIGNERS));
        assertThat(((FumsException) single).code()).isEqualTo(ErrorCode.CMD_DUAL_CONTROL_REQUIRED);
        AuditEntry refusal = fx.audit.last().orElseThrow();
        assertThat(refusal.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(refusal.reason()).isEqualTo("CMD_DUAL_CONTROL_REQUIRED");
        assertThat(refusal.actor()).isEqualTo(fx.operator.keyId());
        assertThat(refusal.detailJson()).contains("\"signers\":\"" + fx.operator.keyId() + "\"");

        Throwable sameTwice = catchThrowable(() -> guard.admit(CommandSigner.cosign(fx.operator, once)
                .getBytes(StandardCharsets.UTF_8), "meters.disconnect", "mqtt", TWO_SIGNERS));
        assertThat(((FumsException) sameTwice).code()).isEqualTo(ErrorCode.CMD_DUAL_CONTROL_REQUIRED);

        byte[] twice = CommandSigner.cosign(fx.operator2, once).getBytes(StandardCharsets.UTF_8);
        VerifiedCommand c = guard.admit(twice, "meters.disconnect", "mqtt", TWO_SIGNERS);
        assertThat(c.signerKeyIds()).containsExactly(fx.operator.keyId(), fx.operator2.keyId());
        AuditEntry admitted = fx.audit.last().orElseThrow();
        assertThat(admitted.action()).isEqualTo("command.admit");
        assertThat(admitted.detailJson()).contains("\"signers\":\"" + fx.operator.keyId() + "," + fx.operator2.keyId() + "\"");

        Throwable replay = catchThrowable(() -> guard.admit(twice, "meters.disconnect", "mqtt", TWO_SIGNERS));
        assertThat(((FumsException) replay).code()).isEqualTo(ErrorCode.CMD_REPLAYED);
    }
}
