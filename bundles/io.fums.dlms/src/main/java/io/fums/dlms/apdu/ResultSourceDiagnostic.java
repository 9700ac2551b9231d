package io.fums.dlms.apdu;

/**
 * Associate-source-diagnostic of the AARE: who gives the diagnostic
 * (acse-service-user [1] or acse-service-provider [2]) and its value.
 *
 * @param serviceProvider true for acse-service-provider, false for acse-service-user
 * @param value           the diagnostic, 0..255, see the constants
 */
public record ResultSourceDiagnostic(boolean serviceProvider, int value) {

    /** User and provider: null, no diagnostic. */
    public static final int NULL = 0;
    /** User and provider: no-reason-given. */
    public static final int NO_REASON_GIVEN = 1;
    /** User: application-context-name-not-supported. Provider: no-common-acse-version. */
    public static final int APPLICATION_CONTEXT_NAME_NOT_SUPPORTED = 2;
    /** User: authentication-mechanism-name-not-recognised. */
    public static final int AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED = 11;
    /** User: authentication-mechanism-name-required. */
    public static final int AUTHENTICATION_MECHANISM_NAME_REQUIRED = 12;
    /** User: authentication-failure. */
    public static final int AUTHENTICATION_FAILURE = 13;
    /** User: authentication-required (HLS: the client must pass the challenge). */
    public static final int AUTHENTICATION_REQUIRED = 14;

    /** Validates the range. */
    public ResultSourceDiagnostic {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("diagnostic out of range: " + value);
        }
    }

    /** An acse-service-user diagnostic. */
    public static ResultSourceDiagnostic user(int value) {
        return new ResultSourceDiagnostic(false, value);
    }

    /** An acse-service-provider diagnostic. */
    public static ResultSourceDiagnostic provider(int value) {
        return new ResultSourceDiagnostic(true, value);
    }
}
