package io.fums.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.CommandSigner;
import io.fums.crypto.command.DefaultCommandVerifier;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.sign.TrustSource;
import io.fums.security.CommandGuard;
import io.fums.security.Guards;
import io.fums.store.AuditEntry;
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
 * The exported way to build the gate outside OSGi ({@link Guards}, since 1.2):
 * the same guard as the DS component, on its given clock skew. (The package
 * intake it builds is the one every {@link PackageIntakeTest} runs, through
 * {@link GateFixture#intake}.)
 */
@Tag("SEC-3")
@Tag("SEC-4")
class GuardsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path tmp;
    GateFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new GateFixture(tmp, CLOCK);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private CommandGuard guard(DeviceId dcu, Duration skew) throws FumsException {
        return Guards.commandGuard(dcu, new DefaultCommandVerifier(TrustSource.fixed(KeyRing.of(fx.trust())),
                CommandLimits.DEFAULTS), fx.nonces, fx.audit, CLOCK, skew);
    }

    private byte[] issuedAt(Instant issued, String nonce) {
        JsonObject body = new JsonObject();
        body.addProperty("meter", "m-001");
        return CommandSigner.sign(fx.operator, "disconnect", GateFixture.DCU, issued, issued.plus(Duration.ofMinutes(5)), nonce,
                body).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theGuardAdmitsOnceWithinItsSkewAuditsAndRefusesTheReplay() throws Exception {
        CommandGuard guard = guard(GateFixture.DCU, Duration.ofMinutes(5));
        byte[] ahead = issuedAt(NOW.plus(Duration.ofMinutes(4)), "nonce-guards-000000001");
        assertThat(guard.admit(ahead, "disconnect", "mqtt").operation()).isEqualTo("disconnect");
        assertThat(fx.audit.last().map(AuditEntry::action)).contains("command.admit");
        Throwable replay = catchThrowable(() -> guard.admit(ahead, "disconnect", "mqtt"));
        assertThat(((FumsException) replay).code()).isEqualTo(ErrorCode.CMD_REPLAYED);
        assertThat(fx.audit.last().map(AuditEntry::reason)).contains(ErrorCode.CMD_REPLAYED.name());
    }

    @Test
    void aCommandFurtherAheadThanTheDefaultSkewIsRefused() throws Exception {
        CommandGuard guard = guard(GateFixture.DCU, Guards.DEFAULT_MAX_CLOCK_SKEW);
        Throwable t = catchThrowable(() -> guard.admit(issuedAt(NOW.plus(Duration.ofMinutes(4)), "nonce-guards-000000002"),
                "disconnect", "mqtt"));
        assertThat(((FumsException) t).code()).isEqualTo(ErrorCode.CMD_EXPIRED);
    }

    @Test
    void aGuardWithoutADcuIdRefusesEveryCommandAndANegativeSkewIsABug() throws Exception {
        Throwable t = catchThrowable(() -> guard(null, Guards.DEFAULT_MAX_CLOCK_SKEW)
                .admit(issuedAt(NOW, "nonce-guards-000000003"), "disconnect", "mqtt"));
        assertThat(((FumsException) t).code()).isEqualTo(ErrorCode.CONFIG_MISSING);
        assertThatThrownBy(() -> guard(GateFixture.DCU, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Guards.packageIntake(null, fx.images, fx.audit, tmp, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
