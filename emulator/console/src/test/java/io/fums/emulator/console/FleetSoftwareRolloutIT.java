package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DCU software rollout across DCUs with the console's fleet commands: four real cloud links (in this JVM, TLS with
 * client certificates, labels in their configuration) of which the selector takes the three of region north; their
 * software set verified for real, swapped by the test deployment. {@code fleet list} shows labels and software;
 * {@code fleet rollout create} shows the release notes and the waves; {@code start} runs the waves (1, then the
 * rest) and completes; a second {@code start} on the completed rollout changes nothing; the DCU of another region
 * is left alone; {@code watch} shows the waves and the table; a second rollout paused before its start and
 * cancelled touches no DCU; an unknown rollout is a usage error.
 *
 * <p>Proves: ARC-1, ARC-2, UMS-1 (one command, many DCUs), UC-1 (release notes shown), CARD-2.
 */
class FleetSoftwareRolloutIT {

    @Test
    void aSoftwareRolloutRunsItsWavesAcrossTheSelectedDcus(@TempDir Path tmp) throws Exception {
        BrokerPki pki = BrokerPki.create(tmp.resolve("pki"));
        Fixtures fx = new Fixtures();
        Path key = fx.writeOperatorKey(tmp.resolve("keys"));
        Path pkg = fx.softwarePackage(tmp.resolve("pkg"), "fums-demo", "1.3.0");
        List<InProcessDcu> dcus = new ArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.builder().tls(pki).build().start()) {
            for (int d = 1; d <= 4; d++) {
                String id = "DCU-S" + d;
                BrokerPki.ClientFiles cert = pki.client(id);
                InProcessDcu dcu = new InProcessDcu(id, tmp.resolve(id), fx, broker.tlsUrl())
                        .with("caFile", pki.caPem().toString()).with("clientCertFile", cert.cert().toString())
                        .with("clientKeyFile", cert.key().toString())
                        .with("labels", "region=" + (d == 4 ? "south" : "north") + ",group=g" + d).start();
                dcus.add(dcu);
                dcu.awaitConnected(Duration.ofSeconds(30));
            }
            BrokerPki.ClientFiles console = pki.console();
            List<String> conn = new ArrayList<>(ConnectionOptions.of(broker.tlsUrl())
                    .tls(pki.caPem(), console.cert(), console.key()).arguments());
            conn.addAll(List.of("--store", tmp.resolve("fleet").toString()));

            ConsoleRun list = run(conn, "fleet", "list", "--label", "region=north");
            assertThat(list.rc()).as(list.toString()).isZero();
            assertThat(list.out()).contains("DCU-S1", "DCU-S2", "DCU-S3", "region=north", "3 DCUs").doesNotContain("DCU-S4");

            ConsoleRun create = run(conn, "fleet", "rollout", "create", "sw-1", "--package", pkg.toString(),
                    "--label", "region=north", "--waves", "1,rest", "--max-failed-dcus", "1", "--yes");
            assertThat(create.rc()).as(create.toString()).isZero();
            assertThat(create.out()).contains("fums-demo 1.3.0", "dcu-software", "new:   test", "wave 1: DCU-S1",
                    "wave 2: DCU-S2 DCU-S3", "compatible device types: fums-dcu");

            ConsoleRun start = run(conn, "fleet", "rollout", "start", "sw-1", "-k", key.toString(), "--poll", "1");
            assertThat(start.rc()).as(start.toString()).isZero();
            assertThat(start.out()).contains("rollout sw-1  COMPLETED").contains("wave 2  [########################]");
            for (InProcessDcu dcu : dcus) {
                assertThat(dcu.deployment.applied.get()).as(dcu.id).isEqualTo(dcu.id.equals("DCU-S4") ? 0 : 1);
            }
            ConsoleRun again = run(conn, "fleet", "rollout", "start", "sw-1", "-k", key.toString());
            assertThat(again.rc()).as(again.toString()).isEqualTo(2);
            assertThat(again.err()).contains("COMPLETED");
            ConsoleRun status = run(conn, "fleet", "rollout", "status", "sw-1");
            assertThat(status.out()).contains("DCU-S1", "SUCCEEDED");
            for (InProcessDcu dcu : dcus) {
                assertThat(dcu.deployment.applied.get()).as(dcu.id + " nothing twice")
                        .isEqualTo(dcu.id.equals("DCU-S4") ? 0 : 1);
            }
            ConsoleRun watch = run(conn, "fleet", "rollout", "watch", "sw-1", "--interval", "100");
            assertThat(watch.rc()).as(watch.toString()).isZero();
            assertThat(watch.out()).contains("wave 1  [########################]  1/1 DCUs  (1 SUCCEEDED)",
                    "DCU-S3  2     SUCCEEDED");

            // a second rollout, paused before it starts, then cancelled: no DCU is touched
            Path next = fx.softwarePackage(tmp.resolve("pkg"), "fums-demo", "1.4.0");
            assertThat(run(conn, "fleet", "rollout", "create", "sw-2", "--package", next.toString(), "--software",
                    "fums-demo!=1.4.0", "--yes").rc()).isZero();
            assertThat(run(conn, "fleet", "rollout", "pause", "sw-2").out()).contains("rollout sw-2 PAUSED");
            ConsoleRun cancel = run(conn, "fleet", "rollout", "cancel", "sw-2", "-k", key.toString());
            assertThat(cancel.rc()).as(cancel.toString()).isZero();
            assertThat(run(conn, "fleet", "rollout", "status", "sw-2").out()).contains("CANCELLED")
                    .doesNotContain("SUCCEEDED");
            ConsoleRun all = run(conn, "fleet", "rollout", "status");
            assertThat(all.out()).contains("sw-1", "COMPLETED", "sw-2", "CANCELLED");
            ConsoleRun unknown = run(conn, "fleet", "rollout", "resume", "nope", "-k", key.toString());
            assertThat(unknown.rc()).isEqualTo(2);
            assertThat(unknown.err()).contains("no rollout 'nope'");
            for (InProcessDcu dcu : dcus) {
                assertThat(dcu.deployment.applied.get()).as(dcu.id + " untouched by sw-2")
                        .isEqualTo(dcu.id.equals("DCU-S4") ? 0 : 1);
            }
        } finally {
            dcus.forEach(InProcessDcu::close);
        }
    }

    private static ConsoleRun run(List<String> conn, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(conn);
        ConsoleRun r = ConsoleRun.of(all.toArray(String[]::new));
        System.out.println("$ fums-console " + String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }
}
