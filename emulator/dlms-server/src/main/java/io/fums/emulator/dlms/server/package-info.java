/**
 * The DLMS/COSEM server side, for the meter emulator (it never ships on the
 * DCU; formerly io.fums.dlms.server and io.fums.dlms.transport.HdlcServerTransport
 * in the io.fums.dlms bundle):
 * {@link io.fums.emulator.dlms.server.ServerSession} accepts associations (no
 * security, LLS, HLS-GMAC with suite 0, HLS-ECDSA with suite 1, ciphering, as
 * {@link io.fums.emulator.dlms.server.ServerSettings} require), enforces the
 * negotiated conformance and PDU sizes, and dispatches GET, SET and ACTION
 * (normal and with blocks, both directions) to a
 * {@link io.fums.emulator.dlms.server.CosemObjectModel}.
 * {@link io.fums.emulator.dlms.server.DlmsTcpServer} serves a model on a TCP port;
 * {@link io.fums.emulator.dlms.server.HdlcServerTransport} is the meter's
 * end of an HDLC connection (IEC 62056-46).
 */
package io.fums.emulator.dlms.server;
