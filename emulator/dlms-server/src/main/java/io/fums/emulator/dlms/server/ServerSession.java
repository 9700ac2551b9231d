package io.fums.emulator.dlms.server;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.Aarq;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.ActionResponse;
import io.fums.dlms.apdu.Apdu;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.ExceptionResponse;
import io.fums.dlms.apdu.GetRequest;
import io.fums.dlms.apdu.GetResponse;
import io.fums.dlms.apdu.InitiateResponse;
import io.fums.dlms.apdu.Rlre;
import io.fums.dlms.apdu.Rlrq;
import io.fums.dlms.apdu.SetRequest;
import io.fums.dlms.apdu.SetResponse;
import io.fums.dlms.security.BroadcastChannel;
import io.fums.dlms.security.CipheredApdu;
import io.fums.dlms.security.SecureChannel;
import io.fums.dlms.security.SecuritySuite0;
import io.fums.dlms.transport.ApduTransport;
import java.util.Objects;

/**
 * A DLMS server session on one transport: the meter side of associations
 * and services. {@link #run()} serves requests until the link closes (or
 * the idle timeout); {@link #handle(byte[])} answers one APDU, for an
 * emulator that moves the bytes itself.
 *
 * <p>Associations follow {@link ServerSettings}: the required
 * authentication (a wrong password or key gets an AARE rejected with
 * authentication-failure), ciphering (every xDLMS APDU glo- or ded-ciphered
 * with security suite 0, invocation counters checked: a replay gets
 * exception-response invocation-counter-error), the negotiated conformance
 * (other services get exception-response service-not-supported) and max PDU
 * sizes (a longer request gets pdu-too-long; responses longer than the
 * client's PDU go in blocks). With HLS-GMAC only reply_to_HLS_authentication
 * is served until the client has proved its key. Requests before an
 * association get exception-response.
 *
 * <p>Unconfirmed requests (Green Book: invoke-id-and-priority bit 6 = 0),
 * and every request that came in a way allowing no answer (an HDLC UI
 * frame, broadcast to all stations or not: {@link
 * ApduTransport#lastReceivedUnconfirmed()}), go to {@link
 * #handleUnconfirmed(byte[])}: applied within the open association, never
 * answered. In a ciphered association such a request may come ciphered with
 * the meter's broadcast key ({@link ServerSettings#broadcast()}, SC key-set
 * bit, Green Book 9.2.7.2.4) from the associated client: its counter is
 * checked against the broadcasts accepted so far (a replay is refused and
 * counted), and a confirmed request so ciphered is refused.
 *
 * <p>A malformed or hostile request never ends the session: it gets an
 * exception-response or nothing. The model is called from the session's
 * thread only.
 */
public final class ServerSession implements AutoCloseable {

    private final ApduTransport transport;
    private final ServerSettings settings;
    private final DecodeLimits limits;
    private final ServerAssociation association;
    private final ServerServices services;
    private volatile boolean closed;
    private volatile DlmsException lastError;

    /** A session serving {@code model} on {@code transport} as {@code settings} require. */
    public ServerSession(ApduTransport transport, CosemObjectModel model, ServerSettings settings) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.limits = new DecodeLimits(16, Math.max(settings.maxValueLength(), 0xFFFF));
        this.association = new ServerAssociation(settings, limits);
        this.services = new ServerServices(Objects.requireNonNull(model, "model"), settings, limits);
    }

    /**
     * Serves requests until the link closes, {@link #close()} is called or no
     * request comes within the idle timeout; then closes the transport. An
     * HDLC disconnection ends the association but not the session: the next
     * SNRM starts a new one.
     */
    public void run() {
        long idle = settings.idleTimeout().isZero() ? 3_600_000L : settings.idleTimeout().toMillis();
        try {
            while (!closed && transport.isOpen()) {
                byte[] request;
                try {
                    request = transport.receive(idle);
                } catch (DlmsException e) {
                    if (e.isTimeout() && settings.idleTimeout().isZero()) {
                        continue;
                    }
                    lastError = e;
                    return;
                }
                if (request == null) {
                    reset();
                    continue;
                }
                if (transport.lastReceivedUnconfirmed()) {
                    handleUnconfirmed(request);
                    continue;
                }
                byte[] response = handle(request);
                if (response != null) {
                    transport.send(response);
                }
            }
        } catch (DlmsException e) {
            lastError = e;
        } finally {
            transport.close();
        }
    }

    /** Why {@link #run()} ended, if by an error (link failure, idle timeout); else null. */
    public DlmsException lastError() {
        return lastError;
    }

    /** Whether an association is open (and, with HLS, authenticated). */
    public boolean associated() {
        return association.state == ServerAssociation.State.ASSOCIATED;
    }

    /** Ends the association (the link layer was disconnected). */
    public void reset() {
        association.reset();
        services.reset();
    }

    /**
     * Answers one APDU as received from the transport.
     *
     * @return the response APDU, or null when nothing is to be answered
     */
    public byte[] handle(byte[] request) {
        if (request == null || request.length == 0) {
            return null;
        }
        int tag = request[0] & 0xFF;
        try {
            if (tag == Aarq.TAG) {
                services.reset();
                Apdu a = Apdus.decode(request, limits);
                byte[] aare = association.onAarq((Aarq) a);
                if (association.state != ServerAssociation.State.IDLE) {
                    int overhead = association.secure != null ? SecuritySuite0.MAX_OVERHEAD : 0;
                    services.start(association.conformance, association.clientMaxPdu - overhead);
                }
                return aare;
            }
            if (tag == Rlrq.TAG) {
                return release((Rlrq) Apdus.decode(request, limits));
            }
            if (association.state == ServerAssociation.State.IDLE) {
                return exception(ExceptionResponse.ServiceError.OPERATION_NOT_POSSIBLE);
            }
            if (request.length > settings.maxReceivePduSize()) {
                return exception(ExceptionResponse.ServiceError.PDU_TOO_LONG);
            }
            return serve(request, tag);
        } catch (DlmsCodecException e) {
            return tag == Aarq.TAG ? null : exception(ExceptionResponse.ServiceError.OTHER_REASON);
        }
    }

    /**
     * Applies one request that must not be answered (it came by broadcast,
     * or in another UI frame), in the context of the open association with
     * the client that sent it (the transport delivers only its frames): an
     * unconfirmed SET-Request-Normal or ACTION-Request-Normal, such as
     * image_block_transfer sent to every meter on a medium at once. Ignored,
     * silently: anything while no association is open (a meter without one
     * ignores a broadcast) or HLS is not completed; a confirmed request (it
     * asks for an answer that nobody may send); GET (always confirmed);
     * block transfer (it needs acknowledgements); a request longer than the
     * negotiated PDU; an unciphered request in a ciphered association and a
     * ciphered one that does not decipher. A block transfer in progress
     * with this client is not disturbed.
     *
     * @return whether the request was applied (the model was called)
     */
    public boolean handleUnconfirmed(byte[] request) {
        if (request == null || request.length == 0 || association.state != ServerAssociation.State.ASSOCIATED
                || request.length > settings.maxReceivePduSize()) {
            return false;
        }
        int tag = request[0] & 0xFF;
        if (tag == Aarq.TAG || tag == Rlrq.TAG) {
            return false;
        }
        try {
            Plain p = unprotect(request, tag);
            if (p.refusal() != null) {
                return false;
            }
            Apdu apdu = Apdus.decode(p.apdu(), limits);
            return isUnconfirmed(apdu) && services.unconfirmed(apdu);
        } catch (DlmsCodecException e) {
            return false;
        }
    }

    private static boolean isUnconfirmed(Apdu apdu) {
        return apdu instanceof SetRequest set && !set.invokeIdAndPriority().confirmed()
                || apdu instanceof ActionRequest action && !action.invokeIdAndPriority().confirmed();
    }

    /** RLRE; with ciphering, a ciphered InitiateRequest in the RLRQ is answered with a ciphered InitiateResponse. */
    private byte[] release(Rlrq rlrq) {
        byte[] ui = null;
        SecureChannel secure = association.secure;
        byte[] requestUi = rlrq.userInformation();
        if (secure != null && requestUi != null && SecureChannel.isProtected(requestUi)) {
            try {
                secure.unprotect(requestUi, limits);
                ui = secure.protect(InitiateResponse.of(association.conformance, settings.maxReceivePduSize())
                        .encode(), false);
            } catch (DlmsException e) {
                ui = null; // released all the same: only the peer of this link can ask
            }
        }
        reset();
        return new Rlre(Rlre.REASON_NORMAL, ui).encode();
    }

    /** An APDU as deciphered (ded-ciphered, or with the broadcast key), or the exception-response that refuses it. */
    private record Plain(byte[] apdu, boolean dedicated, byte[] refusal, boolean broadcast) {
        Plain(byte[] apdu, boolean dedicated, byte[] refusal) {
            this(apdu, dedicated, refusal, false);
        }
    }

    private Plain unprotectBroadcast(byte[] request, SecureChannel secure) {
        if (settings.broadcast() == null) {
            return refusal(exception(ExceptionResponse.ServiceError.DECIPHERING_ERROR));
        }
        BroadcastChannel channel = settings.broadcast().receiver(secure.peerSystemTitle(), secure.suite());
        long last = channel.counters().lastReceived();
        long replays = channel.counters().replaysRefused();
        try {
            return new Plain(channel.unprotect(request, limits), false, null, true);
        } catch (DlmsException e) {
            if (channel.counters().replaysRefused() > replays) {
                return refusal(new ExceptionResponse(ExceptionResponse.StateError.SERVICE_NOT_ALLOWED,
                        ExceptionResponse.ServiceError.INVOCATION_COUNTER_ERROR, Math.min(last + 1, 0xFFFF_FFFFL))
                        .encode());
            }
            return refusal(exception(ExceptionResponse.ServiceError.DECIPHERING_ERROR));
        }
    }

    private Plain unprotect(byte[] request, int tag) throws DlmsCodecException {
        SecureChannel secure = association.secure;
        if (CipheredApdu.isCiphered(tag)) {
            if (secure == null) {
                return refusal(exception(ExceptionResponse.ServiceError.DECIPHERING_ERROR));
            }
            if (BroadcastChannel.isBroadcastCiphered(request)) {
                return unprotectBroadcast(request, secure);
            }
            CipheredApdu c = CipheredApdu.decode(request, limits);
            long last = settings.counters().lastReceived();
            if (settings.counters().refuseIfReplayed(c.invocationCounter())) {
                return refusal(new ExceptionResponse(ExceptionResponse.StateError.SERVICE_NOT_ALLOWED,
                        ExceptionResponse.ServiceError.INVOCATION_COUNTER_ERROR, Math.min(last + 1, 0xFFFF_FFFFL))
                        .encode());
            }
            try {
                SecureChannel.Opened o = secure.unprotect(request, limits);
                return new Plain(o.apdu(), o.dedicated(), null);
            } catch (DlmsException e) {
                return refusal(exception(ExceptionResponse.ServiceError.DECIPHERING_ERROR));
            }
        } else if (secure != null) {
            return refusal(exception(ExceptionResponse.ServiceError.OPERATION_NOT_POSSIBLE));
        }
        return new Plain(request, false, null);
    }

    private static Plain refusal(byte[] exceptionResponse) {
        return new Plain(null, false, exceptionResponse);
    }

    private byte[] serve(byte[] request, int tag) throws DlmsCodecException {
        Plain p = unprotect(request, tag);
        if (p.refusal() != null) {
            return p.refusal();
        }
        Apdu apdu = Apdus.decode(p.apdu(), limits);
        if (p.broadcast() && !isUnconfirmed(apdu)) {
            return exception(ExceptionResponse.ServiceError.OPERATION_NOT_POSSIBLE); // a broadcast key asks no answer
        }
        if (isUnconfirmed(apdu)) {
            if (association.state == ServerAssociation.State.ASSOCIATED) {
                services.unconfirmed(apdu);
            }
            return null; // an unconfirmed service is never answered
        }
        SecureChannel secure = association.secure;
        Apdu response = dispatch(apdu);
        byte[] out = response.encode();
        if (secure != null && (response instanceof GetResponse || response instanceof SetResponse
                || response instanceof ActionResponse)) {
            try {
                out = secure.protect(out, p.dedicated());
            } catch (DlmsException e) {
                return exception(ExceptionResponse.ServiceError.OTHER_REASON);
            }
        }
        return out;
    }

    private Apdu dispatch(Apdu apdu) {
        if (association.state == ServerAssociation.State.PENDING_HLS) {
            if (apdu instanceof ActionRequest.Normal n && n.method().equals(ServerAssociation.REPLY_TO_HLS)) {
                return association.onHlsReply(n);
            }
            return ExceptionResponse.of(ExceptionResponse.StateError.SERVICE_NOT_ALLOWED,
                    ExceptionResponse.ServiceError.OPERATION_NOT_POSSIBLE);
        }
        if (apdu instanceof GetRequest g) {
            return services.get(g);
        }
        if (apdu instanceof SetRequest s) {
            return services.set(s);
        }
        if (apdu instanceof ActionRequest a) {
            return services.action(a);
        }
        return ExceptionResponse.of(ExceptionResponse.StateError.SERVICE_UNKNOWN,
                ExceptionResponse.ServiceError.SERVICE_NOT_SUPPORTED);
    }

    private static byte[] exception(ExceptionResponse.ServiceError error) {
        return ExceptionResponse.of(ExceptionResponse.StateError.SERVICE_NOT_ALLOWED, error).encode();
    }

    /** Stops {@link #run()} and closes the transport; callable from any thread. */
    @Override
    public void close() {
        closed = true;
        transport.close();
    }
}
