package io.fums.store.internal;

import io.fums.api.error.FumsException;
import io.fums.store.AuditEntry;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.AuditVerification;
import io.fums.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registers the {@link AuditLog} service on the store's database. */
@Component(name = "io.fums.store.audit", service = AuditLog.class, immediate = true)
public final class AuditLogComponent implements AuditLog {

    private final SqliteAuditLog log;

    /**
     * Migrates the audit schema.
     *
     * @param db the store's database
     * @param clock the DCU's wall clock, which stamps the entries
     * @throws FumsException {@code STORAGE_FAILED}: the component does not activate
     */
    @Activate
    public AuditLogComponent(@Reference(target = "(component.name=" + StoreComponent.NAME + ")") Database db,
            @Reference Clock clock) throws FumsException {
        this.log = new SqliteAuditLog(db, clock);
    }

    @Override
    public AuditEntry append(AuditEvent event) throws FumsException {
        return log.append(event);
    }

    @Override
    public AuditVerification verify() throws FumsException {
        return log.verify();
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) throws FumsException {
        return log.query(query);
    }

    @Override
    public Optional<AuditEntry> last() throws FumsException {
        return log.last();
    }
}
