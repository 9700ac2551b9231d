package io.fums.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditEvent;
import io.fums.store.AuditQuery;
import io.fums.testsupport.SmallDisk;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Random;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder on a real, small file system (a 6 MiB tmpfs) that fills up (issue 16, an SD card that fills):
 * new work is refused with STORAGE_FULL before the reserve is touched; when the disk is full all the same (another
 * writer filled it), a SQLite write fails with STORAGE_FULL, keeps nothing of itself and loses nothing committed,
 * the database stays intact and the health check says degraded; once space returns, the same work succeeds with
 * nothing restarted. Skipped, with the reason, where tmpfs cannot be mounted (not root, no CAP_SYS_ADMIN); CI runs
 * as root.
 */
@Tag("UMS-2")
@Tag("UC-4")
@Tag("ARC-4")
class DiskFullTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;
    private SmallDisk small;
    private Path disk;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        try {
            small = SmallDisk.mount(tmp.resolve("disk"), "6m");
        } catch (SmallDisk.Unavailable e) {
            Assumptions.abort("no small file system to fill: " + e.getMessage());
        }
        disk = small.dir();
    }

    @AfterEach
    void unmount() throws Exception {
        if (small != null) {
            small.close();
        }
    }

    @Test
    void newWorkIsRefusedBeforeTheReserveAndAFullDiskLosesNothingCommitted() throws Exception {
        DataFolderSpace space = new DataFolderSpace(disk, 1 * MIB);
        FileImageStore images = new FileImageStore(disk, space);
        SqliteDatabase db = SqliteDatabase.open(disk);
        try {
            SqliteAuditLog audit = new SqliteAuditLog(db, Clock.systemUTC());
            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE readings (id INTEGER PRIMARY KEY, value BLOB NOT NULL)");
                }
                return null;
            });
            insert(db, 10, 1024);
            audit.append(AuditEvent.builder("test", "disk.before").build());

            // an image that fits above the reserve is stored; one that would eat into it is refused, and leaves nothing
            String first = images.put(new ByteArrayInputStream(bytes((int) (2 * MIB))), 2 * MIB, null, 8 * MIB);
            long usable = space.usableBytes();
            long tooBig = usable - space.reserveBytes() + 64 * 1024;
            assertThatThrownBy(() -> images.put(new ByteArrayInputStream(bytes((int) tooBig)), tooBig, null, 8 * MIB))
                    .isInstanceOfSatisfying(FumsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL);
                        assertThat(e.getMessage()).contains("needs " + tooBig + " bytes").contains("in reserve");
                    });
            assertThat(images.list()).containsExactly(first);
            assertThat(StorageSpaceComponent.verdict(space).getStatus()).isEqualTo(Result.Status.OK);

            // another writer fills the disk to the last block: below the reserve, everything new is refused
            Path filler = disk.resolve("filler");
            small.fill(filler);
            assertThat(space.low()).isTrue();
            Result degraded = StorageSpaceComponent.verdict(space);
            assertThat(degraded.getStatus()).isEqualTo(Result.Status.WARN);
            assertThat(degraded.toString()).contains("degraded").contains("STORAGE_FULL");
            assertThatThrownBy(() -> space.require(0, "creating a campaign"))
                    .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL));

            // a write that finds no room fails with STORAGE_FULL and keeps nothing of itself
            long before = count(db);
            assertThatThrownBy(() -> insert(db, 64, 64 * 1024))
                    .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL));
            assertThat(count(db)).as("the failed transaction kept nothing, the committed rows are all there").isEqualTo(before);
            assertThat(integrity(db)).isEqualTo("ok");

            // space returns: the same work succeeds, nothing had to be restarted
            Files.delete(filler);
            assertThat(space.low()).isFalse();
            assertThat(StorageSpaceComponent.verdict(space).getStatus()).isEqualTo(Result.Status.OK);
            insert(db, 64, 16 * 1024);
            assertThat(count(db)).isEqualTo(before + 64);
            audit.append(AuditEvent.builder("test", "disk.after").build());
            assertThat(audit.verify().ok()).isTrue();
            assertThat(audit.query(AuditQuery.all())).hasSize(2);
            String second = images.put(new ByteArrayInputStream(bytes((int) MIB)), MIB, null, 8 * MIB);
            assertThat(images.list()).containsExactlyInAnyOrder(first, second);
            assertThat(integrity(db)).isEqualTo("ok");
        } finally {
            db.close();
        }
    }

    @Test
    void theOperatingSystemsNoSpaceIsStorageFull() {
        assertThat(StorageErrors.io("cannot write x", new IOException("No space left on device")).code())
                .isEqualTo(ErrorCode.STORAGE_FULL);
        assertThat(StorageErrors.io("cannot write x", new IOException("Input/output error")).code())
                .isEqualTo(ErrorCode.STORAGE_FAILED);
    }

    private static void insert(SqliteDatabase db, int rows, int size) throws FumsException {
        db.write(c -> {
            try (var ps = c.prepareStatement("INSERT INTO readings (value) VALUES (?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setBytes(1, bytes(size));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private static long count(SqliteDatabase db) throws FumsException {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM readings")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private static String integrity(SqliteDatabase db) throws FumsException {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                r.next();
                return r.getString(1);
            }
        });
    }

    /** Random bytes (incompressible, so no file system trick makes them small). */
    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
