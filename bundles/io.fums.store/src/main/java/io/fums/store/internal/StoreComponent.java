package io.fums.store.internal;

import io.fums.api.error.FumsException;
import io.fums.store.Database;
import io.fums.store.Migration;
import io.fums.store.SqlWork;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Opens the DCU's SQLite database in the data directory and registers it as
 * the {@link Database} service. The audit log and the nonce registry are
 * built on it; the image store shares its configuration.
 */
@Component(name = StoreComponent.NAME, service = Database.class, configurationPid = StoreSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = StoreComponent.Config.class)
public final class StoreComponent implements Database {

    /** The component name, used to target this database from the store's own components. */
    public static final String NAME = "io.fums.store.database";

    /**
     * Configuration of the store bundle, PID {@value StoreSettings#PID}, shared
     * by its components. Optional: the defaults work without any configuration.
     */
    @ObjectClassDefinition(id = StoreSettings.PID, name = "FUMS store",
            description = "Durable local state of the DCU: SQLite database, audit log, nonce registry, image store.")
    public @interface Config {

        /** Data directory. */
        @AttributeDefinition(name = "Data directory", required = false,
                description = "Absolute path of the data directory. Empty: the framework property fums.data.dir,"
                        + " then the system property fums.data.dir, then /var/lib/fums.")
        String data_dir() default "";

        /** SQLite busy timeout. */
        @AttributeDefinition(name = "Busy timeout (ms)", min = "0", max = "600000",
                description = "How long SQLite waits for a lock held by another process.")
        int busy_timeout_ms() default SqliteDatabase.DEFAULT_BUSY_TIMEOUT_MILLIS;

        /** Read connections. */
        @AttributeDefinition(name = "Read connections", min = "1", max = "16",
                description = "The most read-only database connections open at once.")
        int read_connections() default SqliteDatabase.DEFAULT_READ_CONNECTIONS;

        /** Nonce grace period. */
        @AttributeDefinition(name = "Nonce grace period (s)", min = "0", max = "31622400",
                description = "How long after a command's expiry its nonce is kept, so that a clock stepped"
                        + " back cannot revive it.")
        long nonce_grace_seconds() default 86_400;

        /** Free-space reserve (since store 1.1). */
        @AttributeDefinition(name = "Free-space reserve (MB)", min = "0", max = "1048576",
                description = "Free space of the data folder's file system kept for journals, outbox, audit and"
                        + " readings: downloads, images, packages and campaigns that would use it are refused"
                        + " (STORAGE_FULL) until space returns.")
        long reserve_megabytes() default StorageSpaceComponent.DEFAULT_RESERVE_MEGABYTES;
    }

    private final SqliteDatabase db;

    /**
     * Opens the database.
     *
     * @param context the bundle context, for the {@code fums.data.dir} framework property
     * @param config the configuration
     * @param clock the DCU's wall clock (migration timestamps)
     * @throws FumsException {@code CONFIG_INVALID}, {@code STORAGE_FAILED} or
     *     {@code STORAGE_CORRUPT}: the component does not activate
     */
    @Activate
    public StoreComponent(BundleContext context, Config config, @Reference Clock clock) throws FumsException {
        StoreSettings s = StoreSettings.from(config, context::getProperty, System::getProperty);
        this.db = SqliteDatabase.open(s.dataDir(), s.busyTimeoutMillis(), s.readConnections(), clock);
    }

    @Deactivate
    void deactivate() {
        db.close();
    }

    @Override
    public Path file() {
        return db.file();
    }

    @Override
    public int migrate(String owner, List<? extends Migration> migrations) throws FumsException {
        return db.migrate(owner, migrations);
    }

    @Override
    public int schemaVersion(String owner) throws FumsException {
        return db.schemaVersion(owner);
    }

    @Override
    public <T> T write(SqlWork<T> work) throws FumsException {
        return db.write(work);
    }

    @Override
    public <T> T read(SqlWork<T> work) throws FumsException {
        return db.read(work);
    }
}
