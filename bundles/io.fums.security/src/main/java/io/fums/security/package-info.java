/**
 * The DCU's gate for what comes in from outside (SEC-3, SEC-4, SEC-9, SM-11,
 * UC-3): operator commands and signed packages.
 *
 * <p>Everything is checked before anything changes, and every decision is
 * written to the audit log with its reason code before the call returns: an
 * accepted command or package as {@code OK}, a refused one as
 * {@code REFUSED} with the {@link io.fums.api.error.ErrorCode} that the
 * caller also receives in the {@link io.fums.api.error.FumsException}.
 *
 * <p>The bundle registers {@link io.fums.security.CommandGuard} and
 * {@link io.fums.security.PackageIntake} as services; outside a framework,
 * {@link io.fums.security.Guards} builds the same implementations (since 1.2).
 */
@Export
@Version("1.2.0")
package io.fums.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
