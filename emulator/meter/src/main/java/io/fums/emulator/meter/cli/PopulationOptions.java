package io.fums.emulator.meter.cli;

import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.store.MeterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that describe a population, shared by {@code run} and {@code heap}. */
final class PopulationOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "population file (JSON, see README)")
    Path config;

    @Option(names = "--count", paramLabel = "N", description = "add a group of N meters (1..10000)")
    Integer count;

    @Option(names = "--tcp-port-base", paramLabel = "PORT", description = "TCP wrapper port of the group's first "
            + "meter; the others follow")
    Integer tcpPortBase;

    @Option(names = "--group-id", defaultValue = "meter", description = "id of that group: meters are ID-00001...")
    String groupId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where meter folders go (default: the "
            + "config's stateDir, else ./meter-state)")
    Path stateDir;

    @Option(names = "--vendor-key", paramLabel = "PEM", description = "a trusted vendor public key (repeatable)")
    List<Path> vendorKeys;

    @Option(names = "--firmware", description = "factory firmware version of new meters")
    String firmware;

    @Option(names = "--device-type", description = "device type of the meters")
    String deviceType;

    @Option(names = "--baud", description = "every meter's own link: a serial line of this baud rate (8N1)")
    Long baud;

    @Option(names = "--control-port", paramLabel = "PORT", description = "loopback port for run-time control")
    Integer controlPort;

    @Option(names = "--fsync", description = "force each state write to disk (slower, power-loss safe)")
    boolean fsync;

    /** The population these options describe. */
    PopulationConfig toConfig() throws IOException {
        if (config != null && Files.isDirectory(config)) {
            throw new CliErrors.UsageException("--config " + config + " is a folder; give a population file (JSON)");
        }
        if (stateDir != null && Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
            throw new CliErrors.UsageException("--state-dir " + stateDir + " is a file, not a folder");
        }
        if (baud != null && (baud < 300 || baud > 4_000_000)) {
            throw new CliErrors.UsageException("--baud " + baud + " is not a serial line speed: give 300..4000000, "
                    + "e.g. 9600");
        }
        if (controlPort != null && (controlPort < 0 || controlPort > 65535)) {
            throw new CliErrors.UsageException("--control-port " + controlPort + " is not a port: give 1..65535 "
                    + "(0: any free port)");
        }
        PopulationConfig c = config == null ? PopulationConfig.empty() : PopulationConfig.load(config,
                MeterStore.newGson());
        if (count != null) {
            c.addTcpGroup(groupId, count, tcpPortBase == null ? 0 : tcpPortBase);
        }
        if (stateDir != null) {
            c.stateDir(stateDir.toString());
        }
        for (Path k : vendorKeys == null ? List.<Path>of() : vendorKeys) {
            c.addVendorKey(k.toString());
        }
        if (firmware != null) {
            c.defaultSetting("firmware", firmware);
        }
        if (deviceType != null) {
            c.defaultSetting("deviceType", deviceType);
        }
        if (baud != null) {
            c.defaultLink(baud);
        }
        if (controlPort != null) {
            c.controlPort(controlPort);
        }
        if (fsync) {
            c.fsync(true);
        }
        return c;
    }
}
