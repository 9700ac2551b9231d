/**
 * The FUMS package format (docs/package-format.md): building, signing,
 * reading and verifying package ZIPs, for the tools that make packages
 * (fums-pkg, the cloud console, the demo, benchmarks and tests).
 *
 * <p>{@link io.fums.crypto.pkg.PackageBuilder} writes an unsigned package from
 * a manifest template and payload files; {@link io.fums.crypto.pkg.PackageSigner}
 * adds a vendor signature or a utility approval;
 * {@link io.fums.crypto.pkg.DefaultPackageVerifier} is the plain Java
 * {@link io.fums.crypto.PackageVerifier}. The ZIP layer
 * ({@link io.fums.crypto.pkg.ZipProfile}, its reader and writer) and the
 * manifest codec are here too, so that tests can build hostile packages with
 * the same code. {@link io.fums.crypto.pkg.PackageLimits} bounds what a reader
 * accepts; {@link io.fums.crypto.pkg.AtomicFiles} is how the writers (and
 * tools) replace a file: all or nothing, fsynced.
 *
 * <p>Stateless helpers and immutable values; a {@link io.fums.crypto.pkg.PackageArchive}
 * is one open package, for one thread. Refusals are
 * {@link io.fums.api.error.FumsException}s with a {@code PKG_*} code.
 */
@Export
@Version("1.0.0")
package io.fums.crypto.pkg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
