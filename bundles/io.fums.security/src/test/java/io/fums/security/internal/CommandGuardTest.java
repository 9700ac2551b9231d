package io.fums.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.VerifiedCommand;
import io.fums.crypto.command.CommandSigner;
import io.fums.crypto.sign.SigningKey;
import io.fums.security.CommandGuard;
import io.fums.store.AuditEntry;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State-changing commands (SEC-3, SEC-4, SEC-9): admitted only when signed by
 * an operator key, addressed to this DCU, within their validity and with a
 * fresh nonce; every refusal is audited with its code; a replay is refused
 * also after a restart (the nonce registry is durable).
 */
@Tag("SEC-3")
@Tag("SEC-4")
@Tag("SEC-9")
class CommandGuardTest {

    /** The DCU's wall clock in these tests: fixed, so that no test depends on the day it runs. */
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

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

    private byte[] signed(SigningKey key, String operation, String target, Instant issued, Duration life, String nonce) {
        JsonObject body = new JsonObject();
        body.addProperty("meter", "m-001");
        return CommandSigner.sign(key, operation, DeviceId.of(target), issued, issued.plus(life), nonce, body)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] valid(String nonce) {
        return signed(fx.operator, "disconnect", "dcu-0042", NOW.minusSeconds(5), Duration.ofMinutes(5), nonce);
    }

    private void refusedAndAudited(byte[] envelope, String operation, ErrorCode code) throws Exception {
        int before = fx.audit.query(AuditQuery.all()).size();
        Throwable t = catchThrowable(() -> guard.admit(envelope, operation, "mqtt"));
        assertThat(t).isInstanceOf(FumsException.class);
        assertThat(((FumsException) t).code()).as(t.getMessage()).isEqualTo(code);
        AuditEntry last = fx.audit.last().orElseThrow();
        assertThat(fx.audit.query(AuditQuery.all())).hasSize(before + 1);
        assertThat(last.action()).isEqualTo("command.refuse");
        assertThat(last.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(last.reason()).isEqualTo(code.name());
    }

    @Test
    void aValidCommandIsAdmittedAndAudited() throws Exception {
        VerifiedCommand c = guard.admit(valid("nonce-0000000000000001"), "disconnect", "mqtt");
        assertThat(c.operation()).isEqualTo("disconnect");
        assertThat(c.keyId()).isEqualTo(fx.operator.keyId());
        AuditEntry last = fx.audit.last().orElseThrow();
        assertThat(last.action()).isEqualTo("command.admit");
        assertThat(last.actor()).isEqualTo(fx.operator.keyId());
    }

    @Test
    void aReplayedCommandIsRefusedAlsoAfterARestart() throws Exception {
        byte[] once = valid("nonce-0000000000000002");
        guard.admit(once, "disconnect", "mqtt");
        refusedAndAudited(once, "disconnect", ErrorCode.CMD_REPLAYED);
        fx.close();
        GateFixture again = new GateFixture(tmp, CLOCK);
        try {
            CommandGuard restarted = again.guard();
            Throwable t = catchThrowable(() -> restarted.admit(once, "disconnect", "mqtt"));
            assertThat(((FumsException) t).code()).isEqualTo(ErrorCode.CMD_REPLAYED);
        } finally {
            again.close();
            fx = new GateFixture(tmp.resolve("other"), CLOCK);
        }
    }

    @Test
    void anExpiredCommand() throws Exception {
        refusedAndAudited(signed(fx.operator, "disconnect", "dcu-0042", NOW.minusSeconds(3600), Duration.ofMinutes(10),
                "nonce-0000000000000003"), "disconnect", ErrorCode.CMD_EXPIRED);
    }

    @Test
    void aCommandForAnotherDcu() throws Exception {
        refusedAndAudited(signed(fx.operator, "disconnect", "dcu-0043", NOW, Duration.ofMinutes(5), "nonce-0000000000000004"),
                "disconnect", ErrorCode.CMD_WRONG_TARGET);
    }

    @Test
    void anUnsignedCommand() throws Exception {
        refusedAndAudited(null, "software.apply", ErrorCode.CMD_UNSIGNED);
    }

    @Test
    void aCommandSignedByAKeyThatIsNotAnOperator() throws Exception {
        refusedAndAudited(signed(fx.vendor, "disconnect", "dcu-0042", NOW, Duration.ofMinutes(5), "nonce-0000000000000005"),
                "disconnect", ErrorCode.CMD_SIGNATURE_INVALID);
        refusedAndAudited(signed(fx.stranger, "disconnect", "dcu-0042", NOW, Duration.ofMinutes(5), "nonce-0000000000000006"),
                "disconnect", ErrorCode.CMD_SIGNATURE_INVALID);
    }

    @Test
    void aTamperedEnvelope() throws Exception {
        byte[] e = valid("nonce-0000000000000007");
        e[e.length / 2] ^= 0x02;
        Throwable t = catchThrowable(() -> guard.admit(e, "disconnect", "mqtt"));
        assertThat(((FumsException) t).code()).isIn(ErrorCode.CMD_MALFORMED, ErrorCode.CMD_SIGNATURE_INVALID);
        assertThat(fx.audit.last().orElseThrow().outcome()).isEqualTo(AuditOutcome.REFUSED);
    }

    @Test
    void aSignatureForAnotherOperationDoesNotAuthoriseThisOne() throws Exception {
        refusedAndAudited(valid("nonce-0000000000000008"), "software.apply", ErrorCode.CMD_MALFORMED);
    }

    @Test
    void refusalsBeforeTheGateAreAuditedToo() throws Exception {
        FumsException e = guard.refuse(new FumsException(ErrorCode.CMD_UNKNOWN, "no operation 'explode'"), "explode", "mqtt");
        assertThat(e.code()).isEqualTo(ErrorCode.CMD_UNKNOWN);
        assertThat(fx.audit.last().orElseThrow().reason()).isEqualTo("CMD_UNKNOWN");
        assertThat(fx.audit.verify().ok()).isTrue();
    }
}
