package io.fums.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.FumsException;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell's socket server with hostile clients (UMS-3: one line with the code for every mistake; SEC-9: every
 * refusal audited): unknown commands, bad arguments, an over-long line, too many sessions, an idle session; over a
 * real Unix domain socket and a real SQLite audit log. The commands' services are absent here (the DCU's own are
 * exercised by the distribution's ShellE2EIT).
 */
@Tag("UMS-3")
@Tag("SEC-9")
class ShellServerTest {

    @TempDir
    Path dir;

    private Path sockDir;
    private ClosableDatabase db;
    private AuditLog audit;
    private ShellServer server;

    @BeforeEach
    void setUp() throws Exception {
        // a short path: a Unix socket's path is at most 107 bytes, the build folder may be deep
        sockDir = Files.createTempDirectory(Path.of("/tmp"), "fums-shell-test");
        db = Stores.openDatabase(dir);
        audit = Stores.auditLog(db, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
        db.close();
        Files.deleteIfExists(sockDir.resolve("run"));
        Files.deleteIfExists(sockDir);
    }

    private Path start(int sessions, int lineBytes, Duration idle) throws IOException {
        return start(sessions, lineBytes, idle, RefusalBudget.Policy.DEFAULT);
    }

    private Path start(int sessions, int lineBytes, Duration idle, RefusalBudget.Policy refusals) throws IOException {
        List<Command> all = new ArrayList<>();
        all.addAll(new CampaignCommands(() -> null).commands());
        all.addAll(new MeterCommands(() -> null, () -> null, () -> null).commands());
        all.addAll(new SoftwareShellCommands(() -> null).commands());
        all.addAll(new AuditCommands(audit, Clock.systemUTC()).commands());
        server = new ShellServer(sockDir.resolve("run/shell.sock"), new ShellServer.Limits(sessions, lineBytes, idle),
                new CommandTable(audit, all), who -> ShellComponent.greeting("DCU-T", who), refusals);
        server.start();
        return server.socket();
    }

    private List<AuditEntry> audited(String action) throws FumsException {
        return audit.query(AuditQuery.builder().action(action).build());
    }

    @Test
    void theSocketIsOnlyForTheDcuUserAndGroupAndTheGreetingNamesTheTechnician() throws Exception {
        Path socket = start(2, 1024, Duration.ofMinutes(1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        try (TestClient c = TestClient.hello(socket, "alice")) {
            TestClient.Reply hi = c.reply();
            String self = System.getProperty("user.name");
            // the test runs as the "DCU's" own user: it may name the technician it serves (sudo -u fums)
            assertThat(hi.text()).contains("FUMS-DCU DCU-T technician shell").contains("technician:alice@shell")
                    .contains("peer user " + self);
            assertThat(hi.end()).isEqualTo(".ok");
        }
        Conditions.await("session closed and audited").until(() -> audited("shell.session.close").size() == 1);
        assertThat(audited("shell.session.open").get(0).detailJson()).contains("\"peer\":\"" + System.getProperty("user.name"));
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveShellIsNotTakenOver() throws Exception {
        Path socket = sockDir.resolve("run/shell.sock");
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel stopped = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stopped.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).as("the file a stopped DCU left").exists();
        start(2, 1024, Duration.ofMinutes(1));
        ShellServer second = new ShellServer(socket, new ShellServer.Limits(2, 1024, Duration.ofMinutes(1)),
                new CommandTable(audit, List.of()), who -> "second");
        assertThatThrownBy(second::start).isInstanceOf(IOException.class)
                .hasMessage("another process serves the shell at " + socket + " (is a second DCU running on this data folder?)");
        second.close();
        try (TestClient c = TestClient.hello(socket, "alice")) {
            assertThat(c.reply().text()).as("the first shell still serves").contains("FUMS-DCU DCU-T");
        }
    }

    @Test
    void anUnknownCommandIsOneLineWithCmdUnknownAndIsAudited() throws Exception {
        try (TestClient c = TestClient.hello(start(2, 1024, Duration.ofMinutes(1)), "alice")) {
            c.reply();
            TestClient.Reply r = c.command("frobnicate now");
            assertThat(r.text()).isEqualTo("frobnicate: CMD_UNKNOWN: no command 'frobnicate'; type help for the list\n");
            assertThat(r.end()).isEqualTo(".err CMD_UNKNOWN");
            r = c.command("campaign stop fw-1");
            assertThat(r.text()).isEqualTo("campaign: CMD_UNKNOWN: 'campaign' takes one of list, pause, resume, status, "
                    + "not 'stop'; see help campaign\n");
        }
        List<AuditEntry> refused = audited("shell.refused");
        assertThat(refused).hasSize(2).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("technician:alice@shell");
            assertThat(e.reason()).isEqualTo("CMD_UNKNOWN");
        });
        assertThat(refused.get(0).detailJson()).contains("campaign stop fw-1");
    }

    @Test
    void badArgumentsAreRefusedWithTheUsageAndChangeNothing() throws Exception {
        try (TestClient c = TestClient.hello(start(2, 1024, Duration.ofMinutes(1)), "alice")) {
            c.reply();
            assertThat(c.command("campaign pause").text())
                    .isEqualTo("campaign pause: CMD_MALFORMED: missing argument; usage: campaign pause <campaign-id>\n");
            assertThat(c.command("meters read t-1 t-2").text())
                    .isEqualTo("meters read: CMD_MALFORMED: too many arguments; usage: meters read <meter-id>\n");
            assertThat(c.command("audit query --limit 0").text()).startsWith(
                    "audit query: CMD_MALFORMED: --limit must be a whole number 1..1000, not '0'; usage: audit query");
            assertThat(c.command("audit query --since yesterday").text()).contains("CMD_MALFORMED: --since 'yesterday'");
            assertThat(c.command("audit query --who me").text()).contains("CMD_MALFORMED: unknown option --who");
            assertThat(c.command("install \"/media/usb/unclosed").text()).contains("CMD_MALFORMED: a double quote is not closed");
            assertThat(c.command("install relative.zip").text()).contains("install: CMD_MALFORMED: give the package's absolute path");
            assertThat(c.command("software history abc").text()).contains("CMD_MALFORMED: count must be a whole number 1..1000");
            // a command whose service is not running says so in one line, as a refusal
            TestClient.Reply r = c.command("campaign list");
            assertThat(r.text()).isEqualTo("campaign list: INTERNAL: the meter-upgrade agent is not running on this DCU; see health\n");
            assertThat(r.end()).isEqualTo(".err INTERNAL");
        }
        assertThat(audited("shell.refused")).hasSize(7).allSatisfy(e -> assertThat(e.reason()).isEqualTo("CMD_MALFORMED"));
        assertThat(audited("shell.install")).hasSize(1).allSatisfy(e -> assertThat(e.reason()).isEqualTo("CMD_MALFORMED"));
        assertThat(audited("shell.software.history")).isEmpty();
    }

    @Test
    void anOverlongLineIsRefusedWithoutBeingHeldAndTheSessionGoesOn() throws Exception {
        try (TestClient c = TestClient.hello(start(2, 256, Duration.ofMinutes(1)), "alice")) {
            c.reply();
            TestClient.Reply r = c.command("help " + "x".repeat(1_000_000));
            assertThat(r.text()).isEqualTo("shell: CMD_TOO_LARGE: the line is longer than 256 bytes; it was ignored\n");
            assertThat(r.end()).isEqualTo(".err CMD_TOO_LARGE");
            TestClient.Reply help = c.command("help campaign pause");
            assertThat(help.end()).isEqualTo(".ok");
            assertThat(help.text()).contains("usage:   campaign pause <campaign-id>").contains("example: campaign pause fw-2-0-0");
        }
        assertThat(audited("shell.refused")).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("CMD_TOO_LARGE"));
    }

    @Test
    void issue18_refusedLinesAreAuditedAtMostThreeAMinutePerSessionAndTheRestAsOneCount() throws Exception {
        AtomicLong monotonic = new AtomicLong(5_000_000_000L);
        Path socket = start(2, 256, Duration.ofMinutes(10), new RefusalBudget.Policy(3, Duration.ofMinutes(1), monotonic::get));
        try (TestClient c = TestClient.hello(socket, "alice")) {
            c.reply();
            for (int i = 1; i <= 10; i++) {
                assertThat(c.command("frobnicate " + i).end()).as("every line is still answered").isEqualTo(".err CMD_UNKNOWN");
            }
            assertThat(c.command("x".repeat(1000)).end()).isEqualTo(".err CMD_TOO_LARGE");
            assertThat(c.command("help install").end()).as("a good line is no refusal").isEqualTo(".ok");
            assertThat(audited("shell.refused")).hasSize(3);
            assertThat(audited("shell.refused.suppressed")).isEmpty();

            monotonic.addAndGet(Duration.ofSeconds(61).toNanos());
            for (int i = 1; i <= 4; i++) {
                assertThat(c.command("again " + i).end()).isEqualTo(".err CMD_UNKNOWN");
            }
            assertThat(audited("shell.refused")).as("a new minute: 3 more").hasSize(6);
            assertThat(audited("shell.refused.suppressed")).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("technician:alice@shell");
                assertThat(e.detailJson()).contains("\"count\":8").contains("8 more refused lines suppressed (at most 3 "
                        + "audited per session every 60 s)");
            });
        }
        Conditions.await("the session's end reports what is left").until(() -> audited("shell.session.close").size() == 1);
        assertThat(audited("shell.refused.suppressed")).hasSize(2)
                .anySatisfy(e -> assertThat(e.detailJson()).contains("\"count\":1,"));
        List<AuditEntry> refused = audited("shell.refused");
        assertThat(refused).extracting(AuditEntry::detailJson).anyMatch(d -> d.contains("again 1"))
                .noneMatch(d -> d.contains("frobnicate 4") || d.contains("again 4"));
    }

    @Test
    void issue18_refusedConnectionsShareOneBudgetAndTheServersEndCountsTheRest() throws Exception {
        AtomicLong monotonic = new AtomicLong();
        Path socket = start(2, 256, Duration.ofMinutes(10), new RefusalBudget.Policy(2, Duration.ofMinutes(1), monotonic::get));
        try (TestClient a = TestClient.hello(socket, "alice"); TestClient b = TestClient.hello(socket, "bob")) {
            a.reply();
            b.reply();
            for (int i = 0; i < 5; i++) {
                try (TestClient c = TestClient.hello(socket, "carol")) {
                    assertThat(c.reply().end()).isEqualTo(".err CMD_QUEUE_FULL");
                }
            }
            assertThat(audited("shell.session.open")).filteredOn(e -> "CMD_QUEUE_FULL".equals(e.reason())).hasSize(2);
        }
        server.close();
        assertThat(audited("shell.refused.suppressed")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("technician:?@shell");
            assertThat(e.detailJson()).contains("\"count\":3,");
        });
    }

    @Test
    void aThirdSessionIsRefusedWhileTwoAreOpenAndAcceptedOnceOneEnds() throws Exception {
        Path socket = start(2, 1024, Duration.ofMinutes(1));
        try (TestClient a = TestClient.hello(socket, "alice"); TestClient b = TestClient.hello(socket, "bob")) {
            assertThat(a.reply().end()).isEqualTo(".ok");
            assertThat(b.reply().end()).isEqualTo(".ok");
            try (TestClient c = TestClient.hello(socket, "carol")) {
                TestClient.Reply r = c.reply();
                assertThat(r.text()).isEqualTo("shell: CMD_QUEUE_FULL: the shell already has 2 sessions; try again when one ends\n");
                assertThat(c.reply()).as("then closed").isNull();
            }
            assertThat(a.command("quit").text()).isEqualTo("bye\n");
            Conditions.await("a slot is free again").until(() -> {
                try (TestClient d = TestClient.hello(socket, "dave")) {
                    return d.reply().end().equals(".ok");
                }
            });
        }
        assertThat(audited("shell.session.open")).anySatisfy(e -> assertThat(e.reason()).isEqualTo("CMD_QUEUE_FULL"));
    }

    @Test
    void anIdleSessionIsClosedAndAMissingHelloIsRefused() throws Exception {
        Path socket = start(2, 1024, Duration.ofMillis(500));
        try (TestClient c = TestClient.hello(socket, "alice")) {
            c.reply();
            TestClient.Reply r = c.reply();
            assertThat(r.text()).isEqualTo("shell: closed after 0 s without input\n");
            assertThat(c.reply()).isNull();
        }
        try (TestClient c = new TestClient(socket)) {
            c.send("health");
            assertThat(c.reply().text()).startsWith("shell: CMD_MALFORMED: the first line must be 'hello <user>'");
            assertThat(c.reply()).isNull();
        }
    }

    @Test
    void helpListsEveryCommandWithItsSummaryAndEachWithUsageAndExample() throws Exception {
        try (TestClient c = TestClient.hello(start(2, 1024, Duration.ofMinutes(1)), "alice")) {
            c.reply();
            String help = c.command("help").text();
            for (String cmd : List.of("campaign list", "campaign status", "campaign pause", "campaign resume", "meters list",
                    "meters read", "meter ", "software list", "software history", "software rollback", "install",
                    "audit query", "audit verify", "quit")) {
                assertThat(help).contains("  " + cmd);
            }
            String meters = c.command("help meters").text();
            assertThat(meters).contains("meters list: ").contains("meters read: ").contains("example: meters read t-00001")
                    .contains("audited with your identity");
            assertThat(c.command("help nonsense").end()).isEqualTo(".err CMD_UNKNOWN");
            assertThat(c.command("audit verify").text()).startsWith("audit chain intact: ");
            assertThat(c.command("audit query --actor alice --limit 2").text()).contains("technician:alice@shell shell.refused REFUSED CMD_UNKNOWN");
        }
    }
}
