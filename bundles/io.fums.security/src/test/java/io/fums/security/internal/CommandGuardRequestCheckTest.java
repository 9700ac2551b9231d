package io.fums.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.VerifiedCommand;
import io.fums.crypto.command.CommandSigner;
import io.fums.store.AuditEntry;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import io.fums.security.CommandGuard;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 8 (SEC-3, SEC-9) on the real guard, audit log and nonce
 * registry: a command refused by the caller's request check (a copy of a
 * signed request with another body) leaves its nonce unused and is not
 * audited as admitted; the genuine request is admitted afterwards.
 */
@Tag("SEC-3")
@Tag("SEC-9")
class CommandGuardRequestCheckTest {
    /** A wall clock years away from the system clock: every judgement of time uses the injected one. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-03-04T05:06:07Z"), ZoneOffset.UTC);
    /** The request router's check of a dual-control operation (SEC-4). */
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
    void issue12item8_aRefusedRequestCheckLeavesTheNonceUnusedAndIsNotAuditedAsAdmitted() throws Exception {
        Instant now = CLOCK.instant();
        JsonObject body = new JsonObject();
        body.addProperty("meter", "m-001");
        byte[] envelope = CommandSigner.sign(fx.operator, "disconnect", DeviceId.of("dcu-0042"), now.minusSeconds(5),
                now.plusSeconds(300), "nonce-item8-0000000001", body).getBytes(StandardCharsets.UTF_8);

        Throwable forged = catchThrowable(() -> guard.admit(envelope, "disconnect", "mqtt", c -> {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "the request payload differs from the signed body");
        }));
        assertThat(forged).isInstanceOf(FumsException.class);
        assertThat(((FumsException) forged).code()).isEqualTo(ErrorCode.CMD_MALFORMED);
        List<AuditEntry> afterForged = fx.audit.query(AuditQuery.all());
        assertThat(afterForged).noneMatch(e -> e.action().equals("command.admit"));
        AuditEntry refusal = fx.audit.last().orElseThrow();
        assertThat(refusal.action()).isEqualTo("command.refuse");
        assertThat(refusal.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(refusal.reason()).isEqualTo("CMD_MALFORMED");
        assertThat(refusal.actor()).as("the signer is known: the refusal names the key").isEqualTo(fx.operator.keyId());

        VerifiedCommand genuine = guard.admit(envelope, "disconnect", "mqtt", c -> { });
        assertThat(genuine.nonce()).isEqualTo("nonce-item8-0000000001");
        assertThat(fx.audit.last().orElseThrow().action()).isEqualTo("command.admit");
        assertThat(fx.audit.query(AuditQuery.all())).filteredOn(e -> e.action().equals("command.admit")).hasSize(1);

        Throwable replay = catchThrowable(() -> guard.admit(envelope, "disconnect", "mqtt", c -> { }));
        assertThat(((FumsException) replay).code()).isEqualTo(ErrorCode.CMD_REPLAYED);
    }

    /**
     * SEC-4 on the real guard: with the router's dual-control check, a command signed once (or twice by
     * the same key) is refused and audited with its signer, without using its nonce; the co-signed command
     * is admitted and audited with both signers.
     */
    @Test
    @Tag("SEC-4")
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
