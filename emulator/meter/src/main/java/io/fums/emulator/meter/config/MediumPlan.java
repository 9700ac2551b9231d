package io.fums.emulator.meter.config;

import io.fums.emulator.meter.link.LinkProfile;

/**
 * A shared medium (an RS-485 bus, a PLC segment): one virtual serial port
 * that every meter on it listens to, HDLC addressed.
 *
 * @param id   the medium's name, which meters refer to
 * @param pty  the path of the pty the DCU opens
 * @param link the medium's byte rate, latency and losses
 */
public record MediumPlan(String id, String pty, LinkProfile link) {
}
