package io.fums.dlms.apdu;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteWriter;
import io.fums.dlms.internal.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * AARE, the ACSE association response (tag 0x61, BER, Green Book): the
 * fields DLMS uses, encoded in tag order. Unused ACSE fields are skipped on
 * input.
 *
 * @param applicationContextName        [1] application-context-name, required
 * @param result                        [2] result, required
 * @param diagnostic                    [3] result-source-diagnostic, required
 * @param respondingApTitle             [4] responding-AP-title (server system title), or {@code null}
 * @param respondingAeQualifier         [5] responding-AE-qualifier (a certificate), or {@code null}
 * @param authentication                [8] responder-acse-requirements: authentication functional unit
 * @param mechanismName                 [9] mechanism-name, or {@code null}
 * @param respondingAuthenticationValue [10] responding-authentication-value (the server's HLS challenge),
 *                                      or {@code null}
 * @param userInformation               [30] user-information: the encoded InitiateResponse or
 *                                      confirmed-service-error (or a ciphered form), or {@code null}
 */
public record Aare(Oid applicationContextName, AssociationResult result, ResultSourceDiagnostic diagnostic,
        byte[] respondingApTitle, byte[] respondingAeQualifier, boolean authentication, Oid mechanismName,
        byte[] respondingAuthenticationValue, byte[] userInformation) implements Apdu {

    /** Tag of AARE. */
    public static final int TAG = 0x61;

    /** Requires context, result and diagnostic; copies the arrays. */
    public Aare {
        Objects.requireNonNull(applicationContextName, "applicationContextName");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(diagnostic, "diagnostic");
        respondingApTitle = Aarq.copy(respondingApTitle);
        respondingAeQualifier = Aarq.copy(respondingAeQualifier);
        respondingAuthenticationValue = Aarq.copy(respondingAuthenticationValue);
        userInformation = Aarq.copy(userInformation);
    }

    /** An AARE without authentication fields or titles, as a server answers an LLS or no-security AARQ. */
    public static Aare of(ApplicationContextName context, AssociationResult result,
            ResultSourceDiagnostic diagnostic, Apdu userInformation) {
        return new Aare(context.oid(), result, diagnostic, null, null, false, null, null,
                userInformation == null ? null : userInformation.encode());
    }

    /** The user-information decoded: an InitiateResponse or a ConfirmedServiceError. */
    public Apdu initiateOutcome(DecodeLimits limits) throws DlmsCodecException {
        if (userInformation == null) {
            throw new DlmsCodecException("AARE carries no user-information");
        }
        Apdu a = Apdus.decode(userInformation, limits);
        if (a instanceof InitiateResponse || a instanceof ConfirmedServiceError) {
            return a;
        }
        throw new DlmsCodecException("AARE user-information is neither InitiateResponse nor confirmed-service-error");
    }

    @Override
    public byte[] encode() {
        ByteWriter body = new ByteWriter();
        Ber.tlv(body, 0xA1, Ber.tlv(Ber.OBJECT_IDENTIFIER, applicationContextName.content()));
        Ber.tlv(body, 0xA2, Ber.tlv(Ber.INTEGER, new byte[] {(byte) result.code()}));
        byte[] diag = Ber.tlv(Ber.INTEGER, integerContent(diagnostic.value()));
        Ber.tlv(body, 0xA3, Ber.tlv(diagnostic.serviceProvider() ? 0xA2 : 0xA1, diag));
        if (respondingApTitle != null) {
            Ber.tlv(body, 0xA4, Ber.tlv(Ber.OCTET_STRING, respondingApTitle));
        }
        if (respondingAeQualifier != null) {
            Ber.tlv(body, 0xA5, Ber.tlv(Ber.OCTET_STRING, respondingAeQualifier));
        }
        if (authentication) {
            Ber.tlv(body, 0x88, new byte[] {0x07, (byte) 0x80});
        }
        if (mechanismName != null) {
            Ber.tlv(body, 0x89, mechanismName.content());
        }
        if (respondingAuthenticationValue != null) {
            Ber.tlv(body, 0xAA, Ber.tlv(0x80, respondingAuthenticationValue));
        }
        if (userInformation != null) {
            Ber.tlv(body, 0xBE, Ber.tlv(Ber.OCTET_STRING, userInformation));
        }
        return Ber.tlv(TAG, body.toByteArray());
    }

    /** BER INTEGER content of a non-negative value below 256. */
    static byte[] integerContent(int v) {
        return v < 0x80 ? new byte[] {(byte) v} : new byte[] {0, (byte) v};
    }

    @Override
    public byte[] respondingApTitle() {
        return Aarq.copy(respondingApTitle);
    }

    @Override
    public byte[] respondingAeQualifier() {
        return Aarq.copy(respondingAeQualifier);
    }

    @Override
    public byte[] respondingAuthenticationValue() {
        return Aarq.copy(respondingAuthenticationValue);
    }

    @Override
    public byte[] userInformation() {
        return Aarq.copy(userInformation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Aare x && x.applicationContextName.equals(applicationContextName) && x.result == result
                && x.diagnostic.equals(diagnostic) && Arrays.equals(x.respondingApTitle, respondingApTitle)
                && Arrays.equals(x.respondingAeQualifier, respondingAeQualifier)
                && x.authentication == authentication && Objects.equals(x.mechanismName, mechanismName)
                && Arrays.equals(x.respondingAuthenticationValue, respondingAuthenticationValue)
                && Arrays.equals(x.userInformation, userInformation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(applicationContextName, result, diagnostic, Arrays.hashCode(respondingApTitle),
                Arrays.hashCode(respondingAeQualifier), authentication, mechanismName,
                Arrays.hashCode(respondingAuthenticationValue), Arrays.hashCode(userInformation));
    }

    @Override
    public String toString() {
        return "Aare[context=" + applicationContextName + ", result=" + result + ", diagnostic=" + diagnostic
                + ", respondingApTitle=" + Hex.format(respondingApTitle) + ", authentication=" + authentication
                + ", mechanism=" + mechanismName + ", respondingAuthenticationValue="
                + Hex.format(respondingAuthenticationValue) + ", userInformation=" + Hex.format(userInformation)
                + "]";
    }
}
