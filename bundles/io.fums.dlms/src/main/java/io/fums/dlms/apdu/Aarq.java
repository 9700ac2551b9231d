package io.fums.dlms.apdu;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteWriter;
import io.fums.dlms.internal.Hex;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * AARQ, the ACSE association request (tag 0x60, BER, Green Book): the fields
 * DLMS uses, encoded in tag order. Unused ACSE fields are skipped on input.
 *
 * @param applicationContextName     [1] application-context-name, required
 * @param callingApTitle             [6] calling-AP-title (the client system title), or {@code null}
 * @param callingAeQualifier         [7] calling-AE-qualifier (a certificate), or {@code null}
 * @param authentication             [10] sender-acse-requirements: authentication functional unit
 * @param mechanismName              [11] mechanism-name, or {@code null}
 * @param callingAuthenticationValue [12] calling-authentication-value (charstring), or {@code null}
 * @param userInformation            [30] user-information: the encoded xDLMS InitiateRequest
 *                                   (or its ciphered form), or {@code null}
 */
public record Aarq(Oid applicationContextName, byte[] callingApTitle, byte[] callingAeQualifier,
        boolean authentication, Oid mechanismName, byte[] callingAuthenticationValue, byte[] userInformation)
        implements Apdu {

    /** Tag of AARQ. */
    public static final int TAG = 0x60;

    /** Requires the context name and copies the arrays. */
    public Aarq {
        Objects.requireNonNull(applicationContextName, "applicationContextName");
        callingApTitle = copy(callingApTitle);
        callingAeQualifier = copy(callingAeQualifier);
        callingAuthenticationValue = copy(callingAuthenticationValue);
        userInformation = copy(userInformation);
    }

    /**
     * An AARQ as a client sends it.
     *
     * @param context        application context
     * @param mechanism      authentication mechanism; {@code null} or {@link MechanismName#LOWEST} for none
     * @param authValue      the password (LLS) or challenge (HLS); ignored without mechanism
     * @param callingApTitle client system title, or {@code null}
     * @param initiate       the xDLMS InitiateRequest (unciphered)
     */
    public static Aarq of(ApplicationContextName context, MechanismName mechanism, byte[] authValue,
            byte[] callingApTitle, InitiateRequest initiate) {
        boolean auth = mechanism != null && mechanism != MechanismName.LOWEST;
        return new Aarq(context.oid(), callingApTitle, null, auth, auth ? mechanism.oid() : null,
                auth ? authValue : null, initiate.encode());
    }

    /** The application context, if it is one of the DLMS ones. */
    public Optional<ApplicationContextName> knownApplicationContext() {
        return ApplicationContextName.of(applicationContextName);
    }

    /** The mechanism, if present and one of the DLMS ones. */
    public Optional<MechanismName> knownMechanism() {
        return mechanismName == null ? Optional.empty() : MechanismName.of(mechanismName);
    }

    /** The user-information decoded as an unciphered InitiateRequest. */
    public InitiateRequest initiateRequest(DecodeLimits limits) throws DlmsCodecException {
        if (userInformation == null) {
            throw new DlmsCodecException("AARQ carries no user-information");
        }
        if (Apdus.decode(userInformation, limits) instanceof InitiateRequest ir) {
            return ir;
        }
        throw new DlmsCodecException("AARQ user-information is not an InitiateRequest");
    }

    @Override
    public byte[] encode() {
        ByteWriter body = new ByteWriter();
        Ber.tlv(body, 0xA1, Ber.tlv(Ber.OBJECT_IDENTIFIER, applicationContextName.content()));
        if (callingApTitle != null) {
            Ber.tlv(body, 0xA6, Ber.tlv(Ber.OCTET_STRING, callingApTitle));
        }
        if (callingAeQualifier != null) {
            Ber.tlv(body, 0xA7, Ber.tlv(Ber.OCTET_STRING, callingAeQualifier));
        }
        if (authentication) {
            Ber.tlv(body, 0x8A, new byte[] {0x07, (byte) 0x80});
        }
        if (mechanismName != null) {
            Ber.tlv(body, 0x8B, mechanismName.content());
        }
        if (callingAuthenticationValue != null) {
            Ber.tlv(body, 0xAC, Ber.tlv(0x80, callingAuthenticationValue));
        }
        if (userInformation != null) {
            Ber.tlv(body, 0xBE, Ber.tlv(Ber.OCTET_STRING, userInformation));
        }
        return Ber.tlv(TAG, body.toByteArray());
    }

    @Override
    public byte[] callingApTitle() {
        return copy(callingApTitle);
    }

    @Override
    public byte[] callingAeQualifier() {
        return copy(callingAeQualifier);
    }

    @Override
    public byte[] callingAuthenticationValue() {
        return copy(callingAuthenticationValue);
    }

    @Override
    public byte[] userInformation() {
        return copy(userInformation);
    }

    static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Aarq x && x.applicationContextName.equals(applicationContextName)
                && Arrays.equals(x.callingApTitle, callingApTitle)
                && Arrays.equals(x.callingAeQualifier, callingAeQualifier) && x.authentication == authentication
                && Objects.equals(x.mechanismName, mechanismName)
                && Arrays.equals(x.callingAuthenticationValue, callingAuthenticationValue)
                && Arrays.equals(x.userInformation, userInformation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(applicationContextName, Arrays.hashCode(callingApTitle),
                Arrays.hashCode(callingAeQualifier), authentication, mechanismName,
                Arrays.hashCode(callingAuthenticationValue), Arrays.hashCode(userInformation));
    }

    /** Shows the authentication value's length only, never the secret. */
    @Override
    public String toString() {
        return "Aarq[context=" + applicationContextName + ", callingApTitle=" + Hex.format(callingApTitle)
                + ", callingAeQualifier=" + (callingAeQualifier == null ? "none" : callingAeQualifier.length + " octets")
                + ", authentication=" + authentication + ", mechanism=" + mechanismName
                + ", authenticationValue=" + (callingAuthenticationValue == null ? "none"
                        : callingAuthenticationValue.length + " octets")
                + ", userInformation=" + Hex.format(userInformation) + "]";
    }
}
