/**
 * The IEC 62056-47 (Green Book 4-7) TCP/UDP wrapper: an 8-byte header of
 * version 0x0001, source wPort, destination wPort and APDU length in front
 * of every APDU, with a streaming reader for TCP.
 *
 * <p>Public for the emulator's flat classpath; not exported from the bundle.
 */
package io.fums.dlms.wrapper;
