package io.fums.dlms.apdu;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An xDLMS or ACSE application protocol data unit. Implementations are
 * immutable records; decode any of them with {@link Apdus#decode(byte[])}.
 */
@ProviderType
public sealed interface Apdu permits InitiateRequest, InitiateResponse, ConfirmedServiceError, ExceptionResponse,
        Aarq, Aare, Rlrq, Rlre, GetRequest, GetResponse, SetRequest, SetResponse, ActionRequest, ActionResponse {

    /** The complete encoding, tag first. */
    byte[] encode();
}
