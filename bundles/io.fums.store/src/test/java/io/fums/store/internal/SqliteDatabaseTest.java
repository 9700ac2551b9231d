package io.fums.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.Migration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {

    @TempDir
    Path dir;

    private final List<SqliteDatabase> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(SqliteDatabase::close);
    }

    private SqliteDatabase db() throws FumsException {
        SqliteDatabase db = SqliteDatabase.open(dir, 1234, 2, Clock.systemUTC());
        open.add(db);
        return db;
    }

    private static Object pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final List<Migration> TWO = List.of(
            Migration.sql(1, "things", "CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
            Migration.sql(2, "thing parts", "CREATE TABLE part (id INTEGER PRIMARY KEY,"
                    + " thing INTEGER NOT NULL REFERENCES thing (id))"));

    @Test
    void writerAndReadersUseWalFullSyncForeignKeysAndBusyTimeout() throws Exception {
        SqliteDatabase db = db();
        assertThat(db.file()).isEqualTo(dir.resolve("fums.db"));
        db.write(c -> {
            assertThat(String.valueOf(pragma(c, "journal_mode"))).isEqualToIgnoringCase("wal");
            assertThat(((Number) pragma(c, "synchronous")).intValue()).isEqualTo(2); // FULL
            assertThat(((Number) pragma(c, "foreign_keys")).intValue()).isEqualTo(1);
            assertThat(((Number) pragma(c, "busy_timeout")).intValue()).isEqualTo(1234);
            return null;
        });
        db.read(c -> {
            assertThat(String.valueOf(pragma(c, "journal_mode"))).isEqualToIgnoringCase("wal");
            assertThat(((Number) pragma(c, "synchronous")).intValue()).isEqualTo(2);
            assertThat(((Number) pragma(c, "foreign_keys")).intValue()).isEqualTo(1);
            assertThat(((Number) pragma(c, "query_only")).intValue()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void migrationsAreAppliedOnceRecordedAndContinuedAfterReopen() throws Exception {
        SqliteDatabase db = db();
        assertThat(db.schemaVersion("things")).isZero();
        assertThat(db.migrate("things", TWO)).isEqualTo(2);
        assertThat(db.migrate("things", TWO)).isZero();
        assertThat(db.schemaVersion("things")).isEqualTo(2);
        assertThat(db.schemaVersion("other")).isZero();
        db.close();

        SqliteDatabase again = db();
        List<Migration> three = new ArrayList<>(TWO);
        three.add(Migration.sql(3, "thing colour", "ALTER TABLE thing ADD COLUMN colour TEXT"));
        assertThat(again.migrate("things", three)).isEqualTo(1);
        assertThat(again.schemaVersion("things")).isEqualTo(3);
        List<String> recorded = again.read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT version, description FROM schema_migration WHERE owner = 'things' ORDER BY version")) {
                while (rs.next()) {
                    out.add(rs.getInt(1) + ":" + rs.getString(2));
                }
            }
            return out;
        });
        assertThat(recorded).containsExactly("1:things", "2:thing parts", "3:thing colour");
        // the foreign key declared by migration 2 is enforced
        assertThatThrownBy(() -> again.write(c -> c.createStatement().executeUpdate(
                "INSERT INTO part (id, thing) VALUES (1, 99)")))
                .isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED))
                .hasMessageContaining("FOREIGN KEY");
    }

    @Test
    void aFailingMigrationLeavesNothingOfItsRun() throws Exception {
        SqliteDatabase db = db();
        List<Migration> broken = List.of(
                Migration.sql(1, "ok", "CREATE TABLE a (x INTEGER)"),
                Migration.sql(2, "broken", "CREATE TABLE b (x INTEGER)", "THIS IS NOT SQL"));
        assertThatThrownBy(() -> db.migrate("broken", broken))
                .isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED))
                .hasMessageContaining("migration 2 of 'broken' (broken) failed");
        assertThat(db.schemaVersion("broken")).isZero();
        long tables = db.read(c -> count(c, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('a', 'b')"));
        assertThat(tables).isZero();
    }

    @Test
    void migrationNumberingAndOwnerAreChecked() throws Exception {
        SqliteDatabase db = db();
        Migration one = Migration.sql(1, "one", "CREATE TABLE one (x)");
        Migration three = Migration.sql(3, "three", "CREATE TABLE three (x)");
        assertThatThrownBy(() -> db.migrate("gap", List.of(one, three)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without gaps");
        assertThatThrownBy(() -> db.migrate("dup", List.of(one, one)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.migrate("Bad Owner", List.of(one)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid migration owner");
        assertThatThrownBy(() -> Migration.sql(0, "zero", "SELECT 1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(db.schemaVersion("gap")).isZero();
    }

    @Test
    void aSchemaNewerThanTheSoftwareIsKeptAfterARollback() throws Exception {
        SqliteDatabase db = db();
        List<Migration> three = new ArrayList<>(TWO);
        three.add(Migration.sql(3, "thing colour", "ALTER TABLE thing ADD COLUMN colour TEXT"));
        db.migrate("things", three);
        assertThat(db.migrate("things", TWO)).isZero();
        assertThat(db.schemaVersion("things")).isEqualTo(3);
    }

    @Test
    void aWriteIsCommittedBeforeItReturnsAndVisibleToAnotherConnection() throws Exception {
        SqliteDatabase db = db();
        db.migrate("things", TWO);
        db.write(c -> c.createStatement().executeUpdate("INSERT INTO thing (id, name) VALUES (1, 'meter')"));
        try (Connection other = RawSql.connect(db.file())) {
            assertThat(count(other, "SELECT COUNT(*) FROM thing")).isEqualTo(1);
        }
    }

    @Test
    void aFailedWriteIsRolledBackAndItsErrorPassedThrough() throws Exception {
        SqliteDatabase db = db();
        db.migrate("things", TWO);
        assertThatThrownBy(() -> db.write(c -> {
            c.createStatement().executeUpdate("INSERT INTO thing (id, name) VALUES (1, 'meter')");
            throw new FumsException(ErrorCode.CMD_MALFORMED, "refused half-way");
        })).isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_MALFORMED));
        assertThatThrownBy(() -> db.write(c -> {
            c.createStatement().executeUpdate("INSERT INTO thing (id, name) VALUES (2, 'meter')");
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat((long) db.read(c -> count(c, "SELECT COUNT(*) FROM thing"))).isZero();
        // the writer is usable afterwards
        db.write(c -> c.createStatement().executeUpdate("INSERT INTO thing (id, name) VALUES (3, 'ok')"));
        assertThat((long) db.read(c -> count(c, "SELECT COUNT(*) FROM thing"))).isEqualTo(1);
    }

    @Test
    void aNestedWriteIsRefused() throws Exception {
        SqliteDatabase db = db();
        assertThatThrownBy(() -> db.write(c -> db.write(c2 -> null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nested write");
    }

    @Test
    void aReadCannotWrite() throws Exception {
        SqliteDatabase db = db();
        db.migrate("things", TWO);
        assertThatThrownBy(() -> db.read(c -> c.createStatement().executeUpdate(
                "INSERT INTO thing (id, name) VALUES (1, 'x')")))
                .isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED));
    }

    @Test
    void concurrentWritersAreSerialisedWithoutLostUpdates() throws Exception {
        SqliteDatabase db = db();
        db.migrate("counter", List.of(Migration.sql(1, "counter",
                "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
                "INSERT INTO counter VALUES (1, 0)")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        db.write(c -> {
                            long n;
                            try (Statement st = c.createStatement();
                                    ResultSet rs = st.executeQuery("SELECT n FROM counter WHERE id = 1")) {
                                rs.next();
                                n = rs.getLong(1);
                            }
                            try (PreparedStatement ps = c.prepareStatement("UPDATE counter SET n = ? WHERE id = 1")) {
                                ps.setLong(1, n + 1);
                                return ps.executeUpdate();
                            }
                        });
                        db.read(c -> count(c, "SELECT n FROM counter"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat((long) db.read(c -> count(c, "SELECT n FROM counter"))).isEqualTo(200);
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedCorrupt() throws Exception {
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(dir.resolve("fums.db"), garbage);
        assertThatThrownBy(this::db)
                .isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_CORRUPT));
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsAStorageFailure() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> SqliteDatabase.open(file.resolve("data")))
                .isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED))
                .hasMessageContaining("cannot create data directory");
    }

    @Test
    void aClosedDatabaseRefusesWork() throws Exception {
        SqliteDatabase db = db();
        db.close();
        assertThatThrownBy(() -> db.write(c -> null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.read(c -> null)).isInstanceOf(IllegalStateException.class);
    }
}
