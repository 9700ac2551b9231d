/**
 * Durable local state of the DCU: a SQLite {@link io.fums.store.Database}
 * with per-owner schema migrations, the tamper-evident
 * {@link io.fums.store.AuditLog}, the {@link io.fums.store.NonceRegistry}
 * that refuses replayed commands, and the content-addressed
 * {@link io.fums.store.ImageStore} for firmware images and software packages.
 *
 * <p>All four are registered as OSGi services by the {@code io.fums.store}
 * bundle (configuration PID {@code io.fums.store}). Outside a framework
 * (tools, emulators, other modules' tests), {@link io.fums.store.Stores}
 * opens the same implementations on a data directory, and the caller closes
 * the {@link io.fums.store.ClosableDatabase} it gets (since 1.1). Every method that changes
 * state returns only after the change is durable (fsynced), so a power cut
 * right after a return loses nothing the caller was told is stored.
 *
 * <p>Since 1.1, {@link io.fums.store.StorageSpace} guards the data folder's
 * free space: new work that would take it below the reserve is refused with
 * {@code STORAGE_FULL}, and the image store asks it before every put.
 *
 * <p>Errors are {@link io.fums.api.error.FumsException}s with a stable
 * {@link io.fums.api.error.ErrorCode}: {@code STORAGE_FAILED} for I/O and
 * database failures, {@code STORAGE_CORRUPT} when stored data fails an
 * integrity check, {@code STORAGE_FULL} (since 1.1) when the file system is
 * full (SQLite's SQLITE_FULL, ENOSPC) or below the reserve, and the
 * {@code PKG_*} / {@code CMD_*} codes for bad input.
 */
@Export
@Version("1.1.0")
package io.fums.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
