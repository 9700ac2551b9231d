package io.fums.emulator.meter.model;

import java.util.List;

/**
 * A snapshot of one meter, for control commands, logs and tests.
 *
 * @param meterId           the emulator's name of the meter
 * @param poweredOn         whether the meter is powered
 * @param runningFirmware   the version the meter runs (active firmware identifier)
 * @param activeBank        the committed bank, 0 or 1
 * @param bankVersions      the version in each bank (null when empty)
 * @param bankConditions    "valid", "empty", "receiving", "trial" or "discarded" per bank
 * @param transferStatus    image_transfer_status, 0..7
 * @param blocksReceived    blocks of the current image received
 * @param blockCount        blocks of the current image
 * @param firstMissingBlock image_first_not_transferred_block_number
 * @param pendingVersion    the verified image waiting for activation, or null
 * @param activationAt      the scheduled activation (epoch ms, meter clock), 0 when none
 * @param importWh          energy import, Wh (whole)
 * @param exportWh          energy export, Wh (whole)
 * @param settings          configuration settings, OBIS to typed value
 * @param powerCuts         power cuts so far
 * @param upgradesSucceeded activations that passed their self-check
 * @param upgradeFailures   activations refused, failed or interrupted
 * @param events            the recent upgrade events, oldest first (SM-5)
 * @param controlState      disconnect control_state: "connected", "disconnected" or "ready_for_reconnection"
 * @param controlMode       disconnect control_mode, 0..6
 * @param replaysRefused    APDUs refused because their invocation counter was not above the last accepted one
 * @param components        firmware components besides the core: name to the version it runs (issue 15)
 * @param componentSignatures the same components to the SHA-256 of the image each runs, hex
 */
public record MeterStatus(String meterId, boolean poweredOn, String runningFirmware, int activeBank,
        List<String> bankVersions, List<String> bankConditions, int transferStatus, long blocksReceived,
        long blockCount, long firstMissingBlock, String pendingVersion, long activationAt, long importWh,
        long exportWh, java.util.Map<String, String> settings, long powerCuts, long upgradesSucceeded,
        long upgradeFailures, List<String> events, String controlState, int controlMode, long replaysRefused,
        java.util.Map<String, String> components, java.util.Map<String, String> componentSignatures) {

    static MeterStatus of(Meter m, long firstMissing) {
        MeterState s = m.state;
        return new MeterStatus(s.meterId, m.poweredOn(), s.banks[s.runningBank()].version, s.activeBank,
                java.util.Arrays.asList(s.banks[0].version, s.banks[1].version),
                List.of(s.banks[0].condition, s.banks[1].condition), s.status, s.blocks().cardinality(),
                s.blockCount(), firstMissing, s.verified == null ? null : s.verified.version, s.activationAt,
                s.importMj / 3_600_000L, s.exportMj / 3_600_000L, java.util.Map.copyOf(s.settings), s.powerCuts,
                s.upgradesSucceeded, s.upgradeFailures, List.copyOf(s.events),
                DisconnectControlObject.state(s).name().toLowerCase(), s.controlMode, s.replaysRefused,
                components(s, false), components(s, true));
    }

    private static java.util.Map<String, String> components(MeterState s, boolean signatures) {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        s.components.forEach((name, c) -> m.put(name, signatures ? c.sha256 : c.version));
        return java.util.Collections.unmodifiableMap(m);
    }
}
