package io.fums.dlms.client;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionResponse;
import io.fums.dlms.apdu.Apdu;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.ExceptionResponse;
import io.fums.dlms.apdu.GetResponse;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.apdu.SetResponse;
import io.fums.dlms.transport.Deadline;
import io.fums.dlms.security.SecureChannel;
import io.fums.dlms.transport.ApduTransport;

/**
 * Request/response exchange of one association: protection with the secure
 * channel once ciphering is on, invoke ids, bounded waits, and the mapping of
 * decoding and security failures to errors that name the link.
 */
final class ClientChannel {

    final ApduTransport transport;
    final String name;
    final long timeoutMillis;
    final DecodeLimits limits;
    private SecureChannel secure;
    private boolean dedicated;
    private int invokeId;

    ClientChannel(ApduTransport transport, long timeoutMillis, DecodeLimits limits) {
        this.transport = transport;
        this.name = transport.name();
        this.timeoutMillis = timeoutMillis;
        this.limits = limits;
    }

    void secure(SecureChannel channel, boolean useDedicated) {
        this.secure = channel;
        this.dedicated = useDedicated;
    }

    boolean ciphered() {
        return secure != null;
    }

    SecureChannel secureChannel() {
        return secure;
    }

    InvokeIdAndPriority nextInvokeId() {
        invokeId = (invokeId + 1) & 0x0F;
        return InvokeIdAndPriority.of(invokeId);
    }

    /** The size {@code plainLength} bytes take on the wire, ciphering included. */
    int wireSize(int plainLength) {
        if (secure == null) {
            return plainLength;
        }
        int body = 5 + plainLength + 12;
        return 1 + (body < 0x80 ? 1 : body <= 0xFF ? 2 : body <= 0xFFFF ? 3 : 5) + body;
    }

    /**
     * Sends a request (protected when ciphering is on, with the next
     * invocation counter, once the transport can send it at once) and returns
     * the response with the same invoke id.
     */
    Apdu exchange(Apdu request, InvokeIdAndPriority iip) throws DlmsException {
        byte[] plain = request.encode();
        SecureChannel s = secure;
        send(s == null ? () -> plain : () -> s.protect(plain, dedicated));
        return await(iip);
    }

    void send(byte[] wire) throws DlmsException {
        send(() -> wire);
    }

    /** Sends what {@code encoder} makes when the transport is ready (see {@link ApduTransport#sendWhenReady}). */
    void send(ApduTransport.Encoder encoder) throws DlmsException {
        try {
            transport.sendWhenReady(encoder);
        } catch (DlmsException e) {
            throw DlmsException.at(name, e);
        }
    }

    /**
     * The next response: a decoded APDU whose invoke id matches {@code iip}
     * (stale responses with another id are skipped), or any APDU when
     * {@code iip} is null.
     */
    Apdu await(InvokeIdAndPriority iip) throws DlmsException {
        Deadline deadline = Deadline.after(timeoutMillis);
        while (true) {
            long left = deadline.remainingMillis();
            if (left == 0) {
                throw DlmsException.timeout(name, "no response within " + timeoutMillis + " ms");
            }
            byte[] raw;
            try {
                raw = transport.receive(left);
            } catch (DlmsException e) {
                throw DlmsException.at(name, e);
            }
            if (raw == null) {
                throw DlmsException.unreachable(name, "meter ended the connection", null);
            }
            Apdu apdu = open(raw);
            if (iip == null || matches(apdu, iip)) {
                return apdu;
            }
        }
    }

    private Apdu open(byte[] raw) throws DlmsException {
        try {
            byte[] plain = raw;
            if (SecureChannel.isProtected(raw)) {
                if (secure == null) {
                    throw DlmsException.protocol(name, "ciphered APDU in an association without ciphering");
                }
                plain = secure.unprotect(raw, limits).apdu();
            } else if (secure != null && raw.length > 0 && isService(raw[0] & 0xFF)) {
                throw DlmsException.protocol(name, "unciphered response in a ciphered association");
            }
            return Apdus.decode(plain, limits);
        } catch (DlmsException e) {
            throw DlmsException.at(name, e);
        }
    }

    private static boolean isService(int tag) {
        return tag == GetResponse.TAG || tag == SetResponse.TAG || tag == ActionResponse.TAG;
    }

    private static boolean matches(Apdu a, InvokeIdAndPriority iip) {
        int id;
        if (a instanceof GetResponse r) {
            id = r.invokeIdAndPriority().invokeId();
        } else if (a instanceof SetResponse r) {
            id = r.invokeIdAndPriority().invokeId();
        } else if (a instanceof ActionResponse r) {
            id = r.invokeIdAndPriority().invokeId();
        } else {
            return a instanceof ExceptionResponse;
        }
        return id == iip.invokeId();
    }

    /** The error for an exception-response. */
    DlmsException refusal(String what, ExceptionResponse e) {
        String m = what + ": meter answered exception-response " + e.stateError() + "/" + e.serviceError();
        return switch (e.serviceError()) {
            case DECIPHERING_ERROR, INVOCATION_COUNTER_ERROR -> DlmsException.authFailed(name, m);
            default -> new DlmsRefusedException(name + ": " + m, null, null);
        };
    }

    /** The error for a response of an unexpected kind. */
    DlmsException unexpected(String what, Apdu a) {
        if (a instanceof ExceptionResponse e) {
            return refusal(what, e);
        }
        String kind = a.getClass().getName();
        return DlmsException.protocol(name, what + ": unexpected " + kind.substring(kind.lastIndexOf('.') + 1)
                .replace('$', '.'));
    }
}
