package io.fums.emulator.dlms.server;

import io.fums.dlms.DecodeLimits;
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
import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.apdu.ConfirmedServiceError;
import io.fums.dlms.apdu.GetDataResult;
import io.fums.dlms.apdu.InitiateRequest;
import io.fums.dlms.apdu.InitiateResponse;
import io.fums.dlms.apdu.MechanismName;
import io.fums.dlms.apdu.ResultSourceDiagnostic;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.CipheredApdu;
import io.fums.dlms.security.SecureChannel;
import io.fums.dlms.security.SecuritySuite0;
import io.fums.dlms.security.SecuritySuite1;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/** The server's side of association establishment: AARQ checks, AARE, HLS-GMAC or HLS-ECDSA pass 3/4. */
final class ServerAssociation {

    /** reply_to_HLS_authentication: method 1 of the current association (class 15). */
    static final CosemMethodDescriptor REPLY_TO_HLS =
            new CosemMethodDescriptor(CosemObjects.CLASS_ASSOCIATION_LN, CosemObjects.CURRENT_ASSOCIATION, 1);
    /** Smallest client max receive PDU accepted. */
    static final int MIN_CLIENT_PDU = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    enum State { IDLE, PENDING_HLS, ASSOCIATED }

    private final ServerSettings s;
    private final DecodeLimits limits;
    State state = State.IDLE;
    Conformance conformance;
    int clientMaxPdu;
    SecureChannel secure;
    private byte[] clientTitle;
    private byte[] ctos;
    private byte[] stoc;

    ServerAssociation(ServerSettings settings, DecodeLimits limits) {
        this.s = settings;
        this.limits = limits;
    }

    void reset() {
        state = State.IDLE;
        conformance = null;
        secure = null;
        clientTitle = null;
        ctos = null;
        stoc = null;
    }

    /** Answers an AARQ; the association state follows the answer. */
    byte[] onAarq(Aarq aarq) {
        reset();
        Optional<ApplicationContextName> ctx = aarq.knownApplicationContext();
        boolean ciphered = ctx.orElse(null) == ApplicationContextName.LOGICAL_NAME_WITH_CIPHERING;
        if (ctx.isEmpty() || ctx.get() == ApplicationContextName.SHORT_NAME
                || ctx.get() == ApplicationContextName.SHORT_NAME_WITH_CIPHERING
                || ciphered && s.keys() == null || !ciphered && s.ciphering()) {
            return reject(aarq, ResultSourceDiagnostic.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED, null);
        }
        Optional<MechanismName> mech = aarq.knownMechanism();
        Authentication requested = aarq.mechanismName() == null ? Authentication.NONE
                : mech.map(Authentication::of).orElse(null);
        if (requested != s.authentication()) {
            return reject(aarq, requested == Authentication.NONE
                    ? ResultSourceDiagnostic.AUTHENTICATION_MECHANISM_NAME_REQUIRED
                    : ResultSourceDiagnostic.AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED, null);
        }
        byte[] authValue = aarq.callingAuthenticationValue();
        if (requested == Authentication.LOW
                && (authValue == null || !MessageDigest.isEqual(authValue, s.password()))) {
            return reject(aarq, ResultSourceDiagnostic.AUTHENTICATION_FAILURE, null);
        }
        boolean hls = requested.hls();
        int minChallenge = requested == Authentication.HIGH_ECDSA ? SecuritySuite1.MIN_CHALLENGE : 8;
        clientTitle = aarq.callingApTitle();
        if ((hls || ciphered) && (clientTitle == null || clientTitle.length != 8)
                || hls && (authValue == null || authValue.length < minChallenge
                        || authValue.length > SecuritySuite1.MAX_CHALLENGE)) {
            return reject(aarq, ResultSourceDiagnostic.AUTHENTICATION_FAILURE, null);
        }
        InitiateRequest ir;
        try {
            ir = initiateRequest(aarq, ciphered);
        } catch (DlmsException e) {
            return reject(aarq, ciphered ? ResultSourceDiagnostic.AUTHENTICATION_FAILURE
                    : ResultSourceDiagnostic.NO_REASON_GIVEN, ConfirmedServiceError.INITIATE_OTHER);
        }
        if (ir.proposedDlmsVersion() < InitiateRequest.DLMS_VERSION) {
            return reject(aarq, ResultSourceDiagnostic.NO_REASON_GIVEN,
                    ConfirmedServiceError.INITIATE_DLMS_VERSION_TOO_LOW);
        }
        Conformance negotiated = ir.proposedConformance().and(s.conformance());
        if (!negotiated.has(Conformance.Bit.GET) && !negotiated.has(Conformance.Bit.SET)
                && !negotiated.has(Conformance.Bit.ACTION)) {
            return reject(aarq, ResultSourceDiagnostic.NO_REASON_GIVEN,
                    ConfirmedServiceError.INITIATE_INCOMPATIBLE_CONFORMANCE);
        }
        int clientMax = ir.clientMaxReceivePduSize() == 0 ? 0xFFFF : ir.clientMaxReceivePduSize();
        byte[] dedicated = ir.dedicatedKey();
        if (clientMax < MIN_CLIENT_PDU || dedicated != null && (!ciphered || dedicated.length != 16)) {
            return reject(aarq, ResultSourceDiagnostic.NO_REASON_GIVEN, clientMax < MIN_CLIENT_PDU
                    ? ConfirmedServiceError.INITIATE_PDU_SIZE_TOO_SHORT : ConfirmedServiceError.INITIATE_OTHER);
        }
        byte[] ui = InitiateResponse.of(negotiated, s.maxReceivePduSize()).encode();
        if (ciphered) {
            secure = new SecureChannel(s.systemTitle(), clientTitle, s.keys(), dedicated, s.counters(),
                    s.securitySuite());
            try {
                ui = secure.protect(ui, false);
            } catch (DlmsException e) {
                reset();
                return reject(aarq, ResultSourceDiagnostic.NO_REASON_GIVEN, null);
            }
        }
        conformance = negotiated;
        clientMaxPdu = clientMax;
        ResultSourceDiagnostic diag = ResultSourceDiagnostic.user(ResultSourceDiagnostic.NULL);
        if (hls) {
            ctos = authValue;
            stoc = new byte[requested == Authentication.HIGH_ECDSA ? SecuritySuite1.MIN_CHALLENGE : 16];
            RANDOM.nextBytes(stoc);
            diag = ResultSourceDiagnostic.user(ResultSourceDiagnostic.AUTHENTICATION_REQUIRED);
            state = State.PENDING_HLS;
        } else {
            state = State.ASSOCIATED;
        }
        return new Aare(ctx.get().oid(), AssociationResult.ACCEPTED, diag, hls || ciphered ? s.systemTitle() : null,
                null, hls, hls ? requested.mechanism().oid() : null, hls ? stoc : null, ui).encode();
    }

    private InitiateRequest initiateRequest(Aarq aarq, boolean ciphered) throws DlmsException {
        byte[] ui = aarq.userInformation();
        if (ui == null || ui.length == 0) {
            throw new DlmsCodecException("no user-information");
        }
        if (ciphered) {
            if ((ui[0] & 0xFF) != CipheredApdu.gloTag(InitiateRequest.TAG)) {
                throw new DlmsCodecException("InitiateRequest is not glo-ciphered");
            }
            // the dedicated key is inside: decipher with the global key first
            ui = new SecureChannel(s.systemTitle(), clientTitle, s.keys(), null, s.counters(), s.securitySuite())
                    .unprotect(ui, limits).apdu();
        }
        Apdu a = Apdus.decode(ui, limits);
        if (a instanceof InitiateRequest ir) {
            return ir;
        }
        throw new DlmsCodecException("user-information is not an InitiateRequest");
    }

    private static byte[] reject(Aarq aarq, int diagnostic, Integer initiateError) {
        byte[] ui = initiateError == null ? null : ConfirmedServiceError.initiateError(initiateError).encode();
        return new Aare(aarq.applicationContextName(), AssociationResult.REJECTED_PERMANENT,
                ResultSourceDiagnostic.user(diagnostic), null, null, false, null, null, ui).encode();
    }

    /** HLS pass 3 (the client's f(StoC)) and pass 4 (this meter's f(CtoS)). */
    ActionResponse onHlsReply(ActionRequest.Normal request) {
        if (s.authentication() == Authentication.HIGH_ECDSA) {
            return onEcdsaReply(request);
        }
        long ic = -1;
        if (request.parameters() instanceof DataValue.OctetString proof) {
            ic = SecuritySuite0.verifyHlsProof(proof.value(), clientTitle, s.keys(), stoc);
        }
        if (ic < 0) {
            reset();
            return new ActionResponse.Normal(request.invokeIdAndPriority(), ActionResult.OTHER_REASON, null);
        }
        byte[] fctos;
        try {
            fctos = SecuritySuite0.hlsProof(s.systemTitle(), s.counters().take(), s.keys(), ctos);
        } catch (DlmsException e) {
            reset();
            return new ActionResponse.Normal(request.invokeIdAndPriority(), ActionResult.OTHER_REASON, null);
        }
        state = State.ASSOCIATED;
        return new ActionResponse.Normal(request.invokeIdAndPriority(), ActionResult.SUCCESS,
                new GetDataResult.Data(new DataValue.OctetString(fctos)));
    }

    /** HLS-ECDSA: the client's signature of ST-C || ST-S || StoC || CtoS; the answer signs ST-S || ST-C || CtoS || StoC. */
    private ActionResponse onEcdsaReply(ActionRequest.Normal request) {
        if (!(request.parameters() instanceof DataValue.OctetString proof)
                || !SecuritySuite1.verifyHlsProof(s.ecdsa(), proof.value(), clientTitle, s.systemTitle(), stoc, ctos)) {
            reset();
            return new ActionResponse.Normal(request.invokeIdAndPriority(), ActionResult.OTHER_REASON, null);
        }
        byte[] fctos = SecuritySuite1.hlsProof(s.ecdsa(), s.systemTitle(), clientTitle, ctos, stoc);
        state = State.ASSOCIATED;
        return new ActionResponse.Normal(request.invokeIdAndPriority(), ActionResult.SUCCESS,
                new GetDataResult.Data(new DataValue.OctetString(fctos)));
    }
}
