package io.fums.emulator.meter.net;

import io.fums.dlms.DlmsException;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.BroadcastKey;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import io.fums.emulator.dlms.server.ServerSession;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.dlms.transport.ApduTransport;
import io.fums.emulator.meter.config.MeterPlan;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.model.MeterModel;
import java.time.Duration;

/**
 * Serves a meter with io.fums.dlms's {@link ServerSession}: the meter's
 * security as server settings, its invocation counters restored before and
 * saved after each session. Stateless apart from its configuration.
 */
public final class DlmsSessionRunner implements SessionRunner {

    /** Counters reserved ahead at each session start, so that a crash never repeats one. */
    static final long COUNTER_MARGIN = 10_000;
    private final Duration idleTimeout;

    /** @param idleTimeout a session without requests ends after this long (the meter's inactivity timeout) */
    public DlmsSessionRunner(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void serve(ApduTransport transport, MeterModel model, MeterPlan plan) throws DlmsException {
        MeterSecurity security = model.beginAssociation(plan.security()); // keys transferred earlier apply now
        long[] saved = model.takeInvocationCounters(COUNTER_MARGIN);
        InvocationCounters counters = new InvocationCounters(saved[0], saved[1]);
        InvocationCounters broadcasts = new InvocationCounters(1, model.broadcastLastReceived());
        ServerSettings settings = settings(security, counters, plan.maxPduSize());
        if (security.broadcastKey() != null) {
            settings = settings.withBroadcast(new BroadcastKey(security.broadcastKey(),
                    security.broadcastAuthenticationKey(), broadcasts));
        }
        ServerSession session = new ServerSession(transport, model, settings);
        try {
            session.run();
        } finally {
            model.saveInvocationCounters(counters.nextToSend(), counters.lastReceived());
            model.saveBroadcastLastReceived(broadcasts.lastReceived());
            if (counters.replaysRefused() + broadcasts.replaysRefused() > 0) {
                model.countReplaysRefused(counters.replaysRefused() + broadcasts.replaysRefused());
            }
        }
        DlmsException e = session.lastError();
        if (e != null && !e.isTimeout()) {
            throw e;
        }
    }

    /** The server settings of a meter's security. */
    ServerSettings settings(MeterSecurity s, InvocationCounters counters, int maxPduSize) {
        SecurityKeys keys = s.encryptionKey() == null ? null
                : new SecurityKeys(s.encryptionKey(), s.authenticationKey());
        return new ServerSettings(s.level(), s.password(), keys, s.systemTitle(), s.ciphering(), counters,
                ServerSettings.DEFAULT_CONFORMANCE, maxPduSize, idleTimeout, 1 << 20, s.serverEcdsaKeys());
    }
}
