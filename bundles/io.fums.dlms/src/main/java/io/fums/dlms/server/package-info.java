/**
 * The DLMS/COSEM server side, for the meter emulator:
 * {@link io.fums.dlms.server.ServerSession} accepts associations (no
 * security, LLS, HLS-GMAC with suite 0, HLS-ECDSA with suite 1 (since 1.3), ciphering, as
 * {@link io.fums.dlms.server.ServerSettings} require), enforces the
 * negotiated conformance and PDU sizes, and dispatches GET, SET and ACTION
 * (normal and with blocks, both directions) to a
 * {@link io.fums.dlms.server.CosemObjectModel}.
 * {@link io.fums.dlms.server.DlmsTcpServer} serves a model on a TCP port.
 */
@Export
@Version("1.4.0")
package io.fums.dlms.server;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
