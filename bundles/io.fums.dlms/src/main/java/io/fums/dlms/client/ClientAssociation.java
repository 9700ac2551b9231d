package io.fums.dlms.client;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.Aare;
import io.fums.dlms.apdu.Aarq;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.ActionResponse;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.Apdu;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.ApplicationContextName;
import io.fums.dlms.apdu.AssociationResult;
import io.fums.dlms.apdu.ConfirmedServiceError;
import io.fums.dlms.apdu.ExceptionResponse;
import io.fums.dlms.apdu.GetDataResult;
import io.fums.dlms.apdu.InitiateRequest;
import io.fums.dlms.apdu.InitiateResponse;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.apdu.MechanismName;
import io.fums.dlms.apdu.ResultSourceDiagnostic;
import io.fums.dlms.apdu.Rlrq;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.CipheredApdu;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecureChannel;
import io.fums.dlms.security.SecuritySuite0;
import io.fums.dlms.security.SecuritySuite1;
import java.security.SecureRandom;

/**
 * The client's side of association establishment (AARQ/AARE, HLS passes 3 and 4: GMAC proofs with mechanism 5,
 * ECDSA signatures with mechanism 7) and release (RLRQ/RLRE).
 */
final class ClientAssociation {

    /** reply_to_HLS_authentication: method 1 of the current association (class 15). */
    static final CosemMethodDescriptor REPLY_TO_HLS =
            new CosemMethodDescriptor(CosemObjects.CLASS_ASSOCIATION_LN, CosemObjects.CURRENT_ASSOCIATION, 1);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the association negotiated. */
    record Negotiated(InitiateResponse initiate, byte[] serverSystemTitle) {
    }

    private ClientAssociation() {
    }

    static Negotiated associate(ClientChannel ch, AssociationSettings a, InvocationCounters counters)
            throws DlmsException {
        byte[] dedicatedKey = a.dedicatedKey() ? random(16) : null;
        InitiateRequest ir = new InitiateRequest(dedicatedKey, true, null, InitiateRequest.DLMS_VERSION,
                a.conformance(), a.maxReceivePduSize());
        byte[] userInfo = ir.encode();
        byte[] clientTitle = a.systemTitle();
        int sc = SecuritySuite0.SC_AUTHENTICATED_ENCRYPTION | a.securitySuite();
        if (a.ciphering()) {
            long ic = counters.take();
            userInfo = new CipheredApdu(CipheredApdu.gloTag(InitiateRequest.TAG), sc, ic,
                    SecuritySuite0.protect(sc, clientTitle, ic, a.keys(), userInfo)).encode();
        }
        boolean hls = a.authentication().hls();
        byte[] ctos = hls ? random(a.authentication() == Authentication.HIGH_ECDSA ? SecuritySuite1.MIN_CHALLENGE
                : 16) : null;
        boolean auth = a.authentication() != Authentication.NONE;
        ApplicationContextName context = a.ciphering() ? ApplicationContextName.LOGICAL_NAME_WITH_CIPHERING
                : ApplicationContextName.LOGICAL_NAME;
        Aarq aarq = new Aarq(context.oid(), hls || a.ciphering() ? clientTitle : null, null, auth,
                auth ? a.authentication().mechanism().oid() : null, hls ? ctos : a.password(), userInfo);
        ch.send(aarq.encode());
        Apdu response = ch.await(null);
        if (!(response instanceof Aare aare)) {
            throw ch.unexpected("association", response);
        }
        checkAccepted(ch, aare);
        if (!aare.applicationContextName().equals(context.oid())) {
            throw DlmsException.protocol(ch.name, "AARE names another application context: "
                    + aare.applicationContextName());
        }
        byte[] serverTitle = aare.respondingApTitle();
        if ((hls || a.ciphering()) && (serverTitle == null || serverTitle.length != 8)) {
            throw DlmsException.protocol(ch.name, "AARE lacks the meter's 8-byte system title");
        }
        SecureChannel secure = a.ciphering()
                ? new SecureChannel(clientTitle, serverTitle, a.keys(), dedicatedKey, counters, a.securitySuite())
                : null;
        InitiateResponse initiate = initiateResponse(ch, aare, secure);
        if (initiate.vaaName() != InitiateResponse.VAA_NAME_LN) {
            throw DlmsException.protocol(ch.name, "meter answered with short-name referencing");
        }
        ch.secure(secure, a.dedicatedKey());
        if (hls) {
            replyToHls(ch, a, counters, aare, ctos, serverTitle);
        }
        return new Negotiated(initiate, serverTitle);
    }

    private static void checkAccepted(ClientChannel ch, Aare aare) throws DlmsException {
        if (aare.result() == AssociationResult.ACCEPTED) {
            return;
        }
        ResultSourceDiagnostic d = aare.diagnostic();
        String why = "association " + aare.result().name().toLowerCase().replace('_', '-') + ", diagnostic "
                + (d.serviceProvider() ? "provider " : "user ") + d.value();
        if (!d.serviceProvider() && (d.value() == ResultSourceDiagnostic.AUTHENTICATION_FAILURE
                || d.value() == ResultSourceDiagnostic.AUTHENTICATION_MECHANISM_NAME_REQUIRED
                || d.value() == ResultSourceDiagnostic.AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED)) {
            throw DlmsException.authFailed(ch.name, why + " (authentication refused)");
        }
        byte[] ui = aare.userInformation();
        if (ui != null && ui.length > 0 && (ui[0] & 0xFF) == ConfirmedServiceError.TAG) {
            try {
                ConfirmedServiceError e = (ConfirmedServiceError) Apdus.decode(ui, ch.limits);
                why += ", initiate error " + e.value();
            } catch (DlmsCodecException | ClassCastException e) {
                // the diagnostic alone must do
            }
        }
        throw new DlmsRefusedException(ch.name + ": " + why, null, null);
    }

    private static InitiateResponse initiateResponse(ClientChannel ch, Aare aare, SecureChannel secure)
            throws DlmsException {
        byte[] ui = aare.userInformation();
        if (ui == null || ui.length == 0) {
            throw DlmsException.protocol(ch.name, "AARE carries no InitiateResponse");
        }
        try {
            if (secure != null) {
                if (!SecureChannel.isProtected(ui)) {
                    throw DlmsException.protocol(ch.name, "AARE InitiateResponse is not ciphered");
                }
                ui = secure.unprotect(ui, ch.limits).apdu();
            }
            Apdu a = Apdus.decode(ui, ch.limits);
            if (a instanceof InitiateResponse r) {
                return r;
            }
            throw DlmsException.protocol(ch.name, "AARE user-information is not an InitiateResponse");
        } catch (DlmsException e) {
            if (e.code() == ErrorCode.METER_AUTH_FAILED) {
                throw DlmsException.authFailed(ch.name, "AARE does not verify: " + e.getMessage());
            }
            throw DlmsException.at(ch.name, e);
        }
    }

    private static void replyToHls(ClientChannel ch, AssociationSettings a, InvocationCounters counters, Aare aare,
            byte[] ctos, byte[] serverTitle) throws DlmsException {
        byte[] stoc = aare.respondingAuthenticationValue();
        boolean ecdsa = a.authentication() == Authentication.HIGH_ECDSA;
        int min = ecdsa ? SecuritySuite1.MIN_CHALLENGE : 8;
        if (stoc == null || stoc.length < min || stoc.length > SecuritySuite1.MAX_CHALLENGE) {
            throw DlmsException.protocol(ch.name, "AARE lacks the meter's HLS challenge (" + min + " to "
                    + SecuritySuite1.MAX_CHALLENGE + " octets)");
        }
        if (ecdsa && !MechanismName.HIGH_ECDSA.oid().equals(aare.mechanismName())) {
            throw DlmsException.authFailed(ch.name, "AARE names another authentication mechanism than HLS-ECDSA");
        }
        byte[] proof = ecdsa ? SecuritySuite1.hlsProof(a.ecdsa(), a.systemTitle(), serverTitle, stoc, ctos)
                : SecuritySuite0.hlsProof(a.systemTitle(), counters.take(), a.keys(), stoc);
        InvokeIdAndPriority iip = ch.nextInvokeId();
        Apdu r = ch.exchange(new ActionRequest.Normal(iip, REPLY_TO_HLS, new DataValue.OctetString(proof)), iip);
        if (!(r instanceof ActionResponse.Normal n)) {
            if (r instanceof ExceptionResponse e) {
                throw DlmsException.authFailed(ch.name, "meter refused the HLS reply: "
                        + ch.refusal("HLS", e).getMessage());
            }
            throw ch.unexpected("HLS reply", r);
        }
        if (n.result() != ActionResult.SUCCESS) {
            throw DlmsException.authFailed(ch.name, "meter refused the HLS reply (" + n.result()
                    + (ecdsa ? "): wrong signing key, certificate or system title" : "): wrong keys or system title"));
        }
        if (!(n.returnParameters() instanceof GetDataResult.Data d)
                || !(d.value() instanceof DataValue.OctetString fctos)
                || !(ecdsa ? SecuritySuite1.verifyHlsProof(a.ecdsa(), fctos.value(), serverTitle, a.systemTitle(),
                        ctos, stoc) : SecuritySuite0.verifyHlsProof(fctos.value(), serverTitle, a.keys(), ctos) >= 0)) {
            throw DlmsException.authFailed(ch.name, "meter failed HLS authentication: its f(CtoS) does not verify"
                    + (ecdsa ? " with the key of its certificate" : ""));
        }
    }

    /** RLRQ (with a ciphered InitiateRequest when ciphering), then RLRE; failures are ignored. */
    static void release(ClientChannel ch, AssociationSettings a, InvocationCounters counters) {
        try {
            ch.send(() -> {
                byte[] ui = null;
                if (ch.ciphered()) { // the next invocation counter, taken when the RLRQ can go out
                    ui = ch.secureChannel().protect(InitiateRequest.of(a.conformance(), a.maxReceivePduSize())
                            .encode(), false);
                }
                return new Rlrq(Rlrq.REASON_NORMAL, ui).encode();
            });
            ch.await(null);
        } catch (DlmsException e) {
            // the meter may drop the connection instead of answering
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
