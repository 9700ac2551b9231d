/**
 * Byte transports to a meter: the {@link io.fums.dlms.link.Link} interface
 * that every DLMS framing layer runs over, its TCP implementation
 * ({@link io.fums.dlms.link.TcpLink}), an in-memory pipe pair for tests and
 * emulators ({@link io.fums.dlms.link.PipeLink}), and the
 * {@link io.fums.dlms.link.LinkFactory} service through which bundles such as
 * io.fums.link.serial offer configured links.
 *
 * <p>Plain Java, usable on a flat classpath. Every read takes a timeout;
 * failures are {@link io.fums.dlms.DlmsException}s whose message starts with
 * the link's name.
 */
@Export
@Version("1.0.0")
package io.fums.dlms.link;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
