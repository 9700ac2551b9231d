package io.fums.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.command.CommandSigner;
import io.fums.security.CommandGuard;
import io.fums.store.AuditQuery;
import io.fums.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, clock steps, on the real gate (SQLite nonce registry and audit
 * log, Bouncy Castle verifier, default configuration): the DCU's wall clock
 * steps 6 hours forward and back while commands are in their validity
 * windows. Each step is judged by the clock of the moment: a command
 * expired by it is refused CMD_EXPIRED (and its nonce not spent), one issued
 * "in the future" too; an admitted command's replay is refused CMD_REPLAYED
 * whenever the clock says it is live, its nonce kept through the steps.
 * Nothing is admitted twice, every refusal is audited, the chain verifies.
 */
@Tag("SEC-3")
@Tag("SEC-9")
class CommandGuardClockStepTest {

    private static final Duration SIX_HOURS = Duration.ofHours(6);

    @TempDir
    Path tmp;

    private static byte[] signed(GateFixture fx, Instant issued, String nonce) {
        JsonObject body = new JsonObject();
        body.addProperty("meter", "m-001");
        return CommandSigner.sign(fx.operator, "disconnect", GateFixture.DCU, issued, issued.plus(Duration.ofMinutes(10)),
                nonce, body).getBytes(StandardCharsets.UTF_8);
    }

    private static ErrorCode refusal(CommandGuard guard, byte[] envelope) {
        Throwable t = catchThrowable(() -> guard.admit(envelope, "disconnect", "mqtt"));
        assertThat(t).isInstanceOf(FumsException.class);
        return ((FumsException) t).code();
    }

    @Test
    void commandsAreJudgedByTheSteppedClockAndNoneIsAdmittedTwice() throws Exception {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        MutableClock clock = new MutableClock(issued.plusSeconds(5));
        try (GateFixture fx = new GateFixture(tmp, clock)) {
            CommandGuard guard = fx.guard();
            byte[] first = signed(fx, issued, "nonce-step-000000001");
            byte[] second = signed(fx, issued, "nonce-step-000000002");
            assertThat(guard.admit(first, "disconnect", "mqtt").nonce()).isEqualTo("nonce-step-000000001");

            clock.advance(SIX_HOURS);
            assertThat(refusal(guard, first)).as("replay, 6 h ahead").isEqualTo(ErrorCode.CMD_EXPIRED);
            assertThat(refusal(guard, second)).as("a live command, 6 h ahead").isEqualTo(ErrorCode.CMD_EXPIRED);
            assertThat(fx.nonces.prune()).as("a forward step prunes no nonce").isZero();

            clock.advance(SIX_HOURS.negated());
            assertThat(refusal(guard, first)).as("replay, stepped back").isEqualTo(ErrorCode.CMD_REPLAYED);
            assertThat(guard.admit(second, "disconnect", "mqtt").nonce()).as("the refusal spent no nonce")
                    .isEqualTo("nonce-step-000000002");

            clock.advance(SIX_HOURS.negated());
            assertThat(refusal(guard, first)).as("replay, 6 h behind: issued in the future").isEqualTo(ErrorCode.CMD_EXPIRED);
            assertThat(refusal(guard, signed(fx, issued, "nonce-step-000000003"))).as("a live command, 6 h behind")
                    .isEqualTo(ErrorCode.CMD_EXPIRED);

            clock.advance(SIX_HOURS);
            assertThat(refusal(guard, first)).as("replay, stepped forward again").isEqualTo(ErrorCode.CMD_REPLAYED);
            assertThat(refusal(guard, second)).as("replay of the second").isEqualTo(ErrorCode.CMD_REPLAYED);

            assertThat(fx.audit.query(AuditQuery.builder().action("command.admit").build())).as("nothing admitted twice")
                    .hasSize(2);
            assertThat(fx.audit.query(AuditQuery.builder().action("command.refuse").build())).as("every refusal audited")
                    .hasSize(7);
            assertThat(fx.audit.verify().ok()).as("the audit chain verifies across the steps").isTrue();
        }
    }
}
