package io.fums.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.command.CommandSigner;
import io.fums.security.CommandGuard;
import io.fums.store.AuditOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One clock judges a command (SEC-3, SEC-9): the guard, the nonce registry
 * and the audit log are wired (as SCR wires them) on the DCU's wall clock
 * service, and the system clock does not matter. With the DCU's clock years
 * away from the system clock, in either direction, a live command is
 * admitted, its replay refused (also after a restart and a prune), and a
 * command that expired by the DCU's clock refused with CMD_EXPIRED.
 *
 * <p>Regression: the nonce registry read the system clock while the guard
 * used its injected one; {@code CommandGuardTest} started to fail once the
 * system clock passed its fixed time.
 */
@Tag("SEC-3")
@Tag("SEC-9")
class CommandGuardClockTest {

    @TempDir
    Path tmp;

    private static byte[] signed(GateFixture fx, Instant issued, Duration life, String nonce) {
        JsonObject body = new JsonObject();
        body.addProperty("meter", "m-001");
        return CommandSigner.sign(fx.operator, "disconnect", GateFixture.DCU, issued, issued.plus(life), nonce, body)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ErrorCode refusal(CommandGuard guard, byte[] envelope) {
        Throwable t = catchThrowable(() -> guard.admit(envelope, "disconnect", "mqtt"));
        assertThat(t).isInstanceOf(FumsException.class);
        return ((FumsException) t).code();
    }

    @ParameterizedTest(name = "DCU clock {0} from the system clock")
    @ValueSource(strings = {"-P3650D", "-P400D", "P400D", "P3650D"})
    void admissionAndReplayAreJudgedByTheDcuClockNotTheSystemClock(String offset) throws Exception {
        // the audit log keeps milliseconds
        Clock clock = Clock.fixed(Instant.now().plus(Duration.parse(offset)).truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
        Instant now = clock.instant();
        byte[] live;
        GateFixture fx = new GateFixture(tmp, clock);
        try {
            CommandGuard guard = fx.guard();
            live = signed(fx, now.minusSeconds(5), Duration.ofMinutes(5), "nonce-live-000000001");
            assertThat(guard.admit(live, "disconnect", "mqtt").nonce()).isEqualTo("nonce-live-000000001");
            assertThat(fx.audit.last().orElseThrow().time()).isEqualTo(now);
            assertThat(refusal(guard, live)).isEqualTo(ErrorCode.CMD_REPLAYED);

            byte[] expired = signed(fx, now.minus(Duration.ofHours(1)), Duration.ofMinutes(10), "nonce-old-0000000001");
            assertThat(refusal(guard, expired)).isEqualTo(ErrorCode.CMD_EXPIRED);
            assertThat(fx.audit.last().orElseThrow().outcome()).isEqualTo(AuditOutcome.REFUSED);

            assertThat(fx.nonces.register(fx.operator.keyId(), "nonce-direct-0000001", clock.millis() + 60_000)).isTrue();
            Throwable late = catchThrowable(() -> fx.nonces.register(fx.operator.keyId(), "nonce-direct-0000002",
                    clock.millis() - 1_000));
            assertThat(late).isInstanceOfSatisfying(FumsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_EXPIRED));
            assertThat(fx.nonces.prune()).as("nothing has expired by the DCU's clock").isZero();
        } finally {
            fx.close();
        }
        GateFixture restarted = new GateFixture(tmp, clock);
        try {
            assertThat(refusal(restarted.guard(), live)).isEqualTo(ErrorCode.CMD_REPLAYED);
            assertThat(restarted.audit.verify().ok()).isTrue();
        } finally {
            restarted.close();
        }
    }
}
