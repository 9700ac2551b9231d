package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import io.fums.emulator.broker.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's mistakes that need a broker (ConsoleMistakesTest has the rest): a DCU id that no DCU has is
 * answered at once from the DCUs' retained state, naming the known ones, instead of after the response timeout.
 * The broker holds the retained states of DCU-0001 and DCU-0002, and no DCU answers: a request that were sent
 * would time out (after 30 s).
 */
@Tag("SEC-9")
@Tag("UMS-3")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleMistakesIT {

    private static final int USAGE = 2;
    private static final long AT_ONCE_MILLIS = 10_000;

    private EmbeddedBroker broker;
    private Path key;

    @BeforeAll
    void brokerWithTwoDcus(@TempDir Path dir) throws Exception {
        broker = EmbeddedBroker.builder().plainListener(true).build().start();
        try (ConsoleClient c = ConsoleClient.connect(ConnectionOptions.of(broker.url()))) {
            for (String dcu : new String[] {"DCU-0001", "DCU-0002"}) {
                c.publish("fums/v1/" + dcu + "/state", "{\"online\":false,\"dcuId\":\"" + dcu + "\"}", true);
            }
        }
        SigningKey k = EcKeys.generate(SignatureAlgorithm.forCurve("P-256"), new SecureRandom());
        key = dir.resolve("op.key.pem");
        Files.write(key, EcKeys.privateKeyPem(k).getBytes(StandardCharsets.US_ASCII));
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    static Stream<Arguments> mistakes() {
        String known = "; known: DCU-0001, DCU-0002";
        return Stream.of(
                row(USAGE, "no DCU 'DCU-9999'" + known, "show", "DCU-9999"),
                row(USAGE, "no DCU 'DCU-0003'" + known, "history", "DCU-0003"),
                row(USAGE, "no DCU 'dcu-0001'" + known, "meters", "list", "dcu-0001"),
                row(USAGE, "no DCU 'DCU-9999'" + known, "campaign", "status", "DCU-9999"),
                row(USAGE, "no DCU 'DCU-9999'" + known, "request", "DCU-9999", "software.list"),
                row(USAGE, "no DCU 'DCU-9999'" + known, "rollback", "DCU-0001", "DCU-9999", "-k", "KEY"),
                row(USAGE, "no DCU 'DCU-9999'" + known, "campaign", "pause", "DCU-9999", "c-1", "-k", "KEY"),
                row(USAGE, "no DCU 'DCU-9999'" + known, "campaign", "watch", "DCU-9999", "c-1"),
                row(USAGE, "no DCU 'DCU-9999'" + known, "deploy", "KEY", "-d", "DCU-9999", "-k", "KEY"),
                row(USAGE, "'bad id' is not a DCU id", "show", "bad id"),
                row(USAGE, "--kind campaigns: no such event kind", "watch", "--kind", "campaigns"));
    }

    private static Arguments row(int code, String says, String... args) {
        return Arguments.of(String.join(" ", args), code, says, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    @Timeout(60) // before the fix, "watch --kind campaigns" waited forever
    void anUnknownDcuIsNamedAtOnceWithTheKnownOnes(String name, int code, String says, String[] args) {
        String[] a = Stream.concat(Arrays.stream(args).map(s -> s.equals("KEY") ? key.toString() : s),
                Stream.of("-b", broker.url())).toArray(String[]::new);
        long start = System.nanoTime();
        ConsoleRun r = ConsoleRun.of(a);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.rc()).as(r.toString()).isEqualTo(code);
        assertThat(r.out() + r.err()).contains(says).doesNotContain("Exception", "\tat ");
        assertThat((r.out() + r.err()).strip().lines()).as(r.toString()).hasSize(1);
        assertThat(millis).as("answered at once, not after the 30 s response timeout").isLessThan(AT_ONCE_MILLIS);
    }
}
