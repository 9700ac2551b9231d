package io.fums.emulator.meter;

import com.google.gson.Gson;
import io.fums.emulator.meter.config.MediumPlan;
import io.fums.emulator.meter.config.MeterPlan;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.config.MeterKeys;
import io.fums.emulator.meter.config.PopulationPlanner;
import io.fums.emulator.meter.image.ImageVerifier;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.ControlServer;
import io.fums.emulator.meter.net.PtyEndpoint;
import io.fums.emulator.meter.net.SessionRunner;
import io.fums.emulator.meter.net.Sessions;
import io.fums.emulator.meter.net.TcpWrapperListener;
import io.fums.emulator.meter.runtime.Population;
import io.fums.emulator.meter.store.MeterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A running meter emulator: the population of a {@link PopulationConfig},
 * its TCP wrapper ports, its ptys (one per meter or per shared medium) and
 * its control port. Usable in-process by integration tests elsewhere in
 * the build:
 *
 * <pre>
 * try (MeterEmulator emu = MeterEmulator.start(PopulationConfig.empty().stateDir(dir.toString())
 *         .addTcpGroup("m", 10, 14059).addVendorKey("vendor.pub.pem"), runner)) {
 *     ... the client talks to 127.0.0.1:14059 ...
 * }
 * </pre>
 */
public final class MeterEmulator implements AutoCloseable {

    private final Population population;
    private final Sessions sessions;
    private final TcpWrapperListener tcp;
    private final List<PtyEndpoint> ptys;
    private final ControlServer control;

    private MeterEmulator(Population population, Sessions sessions, TcpWrapperListener tcp, List<PtyEndpoint> ptys,
            ControlServer control) {
        this.population = population;
        this.sessions = sessions;
        this.tcp = tcp;
        this.ptys = ptys;
        this.control = control;
    }

    /** Starts the population on the system clock. */
    public static MeterEmulator start(PopulationConfig config, SessionRunner runner) throws IOException {
        return start(config, runner, InstantSource.system());
    }

    /**
     * Starts the population of {@code config}, serving each meter with
     * {@code runner}.
     *
     * @throws IOException              if a key, a port or a pty cannot be had
     * @throws IllegalArgumentException if the configuration is invalid
     */
    public static MeterEmulator start(PopulationConfig config, SessionRunner runner, InstantSource time)
            throws IOException {
        Gson gson = MeterStore.newGson();
        // the population (and its vendor keys) is checked before anything is written to its state folder (the key
        // seed): a refused file leaves nothing behind
        PopulationPlanner.plan(config, gson);
        List<PublicKey> keys = new ArrayList<>();
        for (String k : config.vendorKeysOrEmpty()) {
            keys.add(VendorKeys.readPublicKey(Path.of(k)));
        }
        MeterKeys meterKeys = MeterKeys.load(config.stateDirOrDefault());
        PopulationPlanner.Plan plan = PopulationPlanner.plan(config, gson, meterKeys);
        Population population = new Population(plan.meters(), config.stateDirOrDefault(), config.fsyncOrDefault(),
                new ImageVerifier(keys), gson, time, config.checkpointSecondsOrDefault());
        for (MeterPlan p : population.plans()) {
            String id = p.spec().meterId();
            population.meter(id).configureSecurity(p.security(),
                    p.security().encryptionKey() == null ? null : meterKeys.masterKey(id));
        }
        Sessions sessions = new Sessions(population);
        List<PtyEndpoint> ptys = new ArrayList<>();
        TcpWrapperListener tcp = null;
        ControlServer control = null;
        try {
            tcp = new TcpWrapperListener(config.bindAddressOrDefault(), population, runner, sessions);
            Map<String, List<MeterPlan>> onMedium = new TreeMap<>();
            for (MeterPlan p : population.plans()) {
                if (p.pty() != null) {
                    ptys.add(new PtyEndpoint(Path.of(p.pty()), p.link(), List.of(p), population, runner, sessions));
                } else if (p.medium() != null) {
                    onMedium.computeIfAbsent(p.medium(), k -> new ArrayList<>()).add(p);
                }
            }
            for (MediumPlan m : plan.media()) {
                ptys.add(new PtyEndpoint(Path.of(m.pty()), m.link(), onMedium.getOrDefault(m.id(), List.of()),
                        population, runner, sessions));
            }
            if (config.controlPortOrNone() > 0) {
                control = new ControlServer(config.controlPortOrNone(), population, gson);
            }
            return new MeterEmulator(population, sessions, tcp, ptys, control);
        } catch (IOException | RuntimeException e) {
            new MeterEmulator(population, sessions, tcp, ptys, control).close();
            throw e;
        }
    }

    /** The meters. */
    public Population population() {
        return population;
    }

    /** The ptys, to wait for them or print their paths. */
    public List<PtyEndpoint> ptys() {
        return List.copyOf(ptys);
    }

    /** The control server, or null. */
    public ControlServer control() {
        return control;
    }

    /** Number of TCP ports bound. */
    public int tcpPorts() {
        return tcp == null ? 0 : tcp.ports();
    }

    /** Stops listening, drops the sessions, saves every meter. */
    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        for (PtyEndpoint p : ptys) {
            p.close();
        }
        sessions.close();
        for (PtyEndpoint p : ptys) {
            p.awaitTermination(java.time.Duration.ofSeconds(10));
        }
        population.close();
    }
}
