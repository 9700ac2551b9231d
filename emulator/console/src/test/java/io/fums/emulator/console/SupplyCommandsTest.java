package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.crypto.VerifiedCommand;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.DefaultCommandVerifier;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.sign.TrustSource;
import io.fums.crypto.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supply commands' dual-control workflow, offline (SEC-4): usage errors and the prepared envelope. */
@Tag("SEC-4")
class SupplyCommandsTest {

    private static final String DEAD = "tcp://127.0.0.1:1";

    @TempDir
    Path tmp;

    private Path key(String name, SigningKey k) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, EcKeys.privateKeyPem(k));
        return p;
    }

    @Test
    void sec4DisconnectWithOneOperatorIsAUsageError() throws Exception {
        SigningKey a = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        ConsoleRun r = ConsoleRun.of("meters", "disconnect", "DCU-1", "m-1", "-k", key("a.pem", a).toString(), "-b", DEAD);
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("two operators").contains("--cosign");
    }

    @Test
    void sec4APreparedEnvelopeIsSignedOfflineAndCosignedOnlyForTheSameCommand() throws Exception {
        SigningKey a = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        SigningKey b = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        Path file = tmp.resolve("disconnect.json");
        ConsoleRun prep = ConsoleRun.of("meters", "disconnect", "DCU-1", "m-1", "-k", key("a.pem", a).toString(),
                "--prepare", file.toString(), "-b", DEAD);
        assertThat(prep.rc()).as(prep.toString()).isZero();
        assertThat(prep.out()).contains("signed by " + a.keyId()).contains("--envelope");

        // the second operator co-signs exactly those bytes
        String both = OperatorKey.of(b).cosign(Files.readString(file));
        var ring = io.fums.crypto.sign.KeyRing.of(new io.fums.crypto.TrustStore(java.util.List.of(
                new io.fums.crypto.TrustedKey(a.keyId(), io.fums.crypto.KeyRole.OPERATOR, a.algorithm(), a.publicKey().pem(), "a"),
                new io.fums.crypto.TrustedKey(b.keyId(), io.fums.crypto.KeyRole.OPERATOR, b.algorithm(), b.publicKey().pem(), "b")),
                java.util.Map.of(), java.util.Set.of()));
        VerifiedCommand c = new DefaultCommandVerifier(TrustSource.fixed(ring), CommandLimits.DEFAULTS)
                .verify(both.getBytes(StandardCharsets.UTF_8), DeviceId.of("DCU-1"), Instant.now(), Duration.ofSeconds(30));
        assertThat(c.operation()).isEqualTo("meters.disconnect");
        assertThat(c.bodyJson()).isEqualTo("{\"meterId\":\"m-1\"}");
        assertThat(c.signerKeyIds()).containsExactly(a.keyId(), b.keyId());

        // the envelope names m-1: co-signing it as a disconnection of m-2 (or on another DCU) is refused before connecting
        Path bKey = key("b.pem", b);
        ConsoleRun other = ConsoleRun.of("meters", "disconnect", "DCU-1", "m-2", "--envelope", file.toString(), "--cosign",
                bKey.toString(), "-b", DEAD);
        assertThat(other.rc()).isEqualTo(2);
        assertThat(other.err()).contains("not co-signed");
        ConsoleRun otherDcu = ConsoleRun.of("meters", "disconnect", "DCU-2", "m-1", "--envelope", file.toString(), "--cosign",
                bKey.toString(), "-b", DEAD);
        assertThat(otherDcu.rc()).isEqualTo(2);
        // the same command gets as far as connecting
        ConsoleRun same = ConsoleRun.of("meters", "disconnect", "DCU-1", "m-1", "--envelope", file.toString(), "--cosign",
                bKey.toString(), "-b", DEAD);
        assertThat(same.rc()).as(same.toString()).isEqualTo(3);
    }

    @Test
    void sec4ReconnectIsSignedAndSupplyIsNot() {
        ConsoleRun reconnect = ConsoleRun.of("meters", "reconnect", "DCU-1", "m-1", "-b", DEAD);
        assertThat(reconnect.rc()).isEqualTo(2);
        assertThat(reconnect.err()).contains("--operator-key");
        ConsoleRun supply = ConsoleRun.of("meters", "supply", "DCU-1", "m-1", "-b", DEAD);
        assertThat(supply.rc()).as("read-only: gets as far as connecting").isEqualTo(3);
    }
}
