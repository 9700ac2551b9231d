package io.fums.dlms;

import io.fums.api.error.ErrorCode;

/**
 * Malformed or unsupported DLMS/COSEM input. Every decoder of this bundle
 * throws this type, and only this type, for bad bytes: wrong tags, lengths
 * beyond the input or beyond a {@link DecodeLimits} maximum, nesting that is
 * too deep, bad checksums, values out of range. Its code is always
 * {@link ErrorCode#METER_PROTOCOL}; the message says what was wrong and at
 * which offset of the decoded buffer. Sessions rethrow it with the link's
 * name in front ({@link DlmsException#at}).
 */
public class DlmsCodecException extends DlmsException {

    private static final long serialVersionUID = 1L;

    /** A codec error with a message that says what was wrong and where. */
    public DlmsCodecException(String message) {
        super(ErrorCode.METER_PROTOCOL, message);
    }
}
