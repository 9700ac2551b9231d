package io.fums.dlms.apdu;

import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.ScalerUnit;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.SelectiveAccess;
import java.time.OffsetDateTime;
import java.util.List;

/** One or more instances of every APDU type, for round trips and as fuzzing seeds. */
public final class ApduSamples {

    private ApduSamples() {
    }

    /** Every APDU variant this codec supports, with non-trivial content. */
    public static List<Apdu> all() {
        InvokeIdAndPriority iip = InvokeIdAndPriority.of(5);
        Conformance conformance = Conformance.of(Conformance.Bit.GET, Conformance.Bit.SET, Conformance.Bit.ACTION,
                Conformance.Bit.BLOCK_TRANSFER_WITH_GET_OR_READ, Conformance.Bit.BLOCK_TRANSFER_WITH_SET_OR_WRITE,
                Conformance.Bit.SELECTIVE_ACCESS);
        InitiateRequest initiate = new InitiateRequest(new byte[16], false, 3, 6, conformance, 1024);
        DataValue clock = CosemDateTime.of(OffsetDateTime.parse("2024-06-15T02:00:00+02:00"), 0).toDataValue();
        DataValue range = DataValue.Structure.of(DataValue.Structure.of(new DataValue.UInt16(8),
                CosemObjects.CLOCK.toDataValue(), new DataValue.Int8(2), new DataValue.UInt16(0)), clock, clock,
                DataValue.Array.of());
        DataBlock block = new DataBlock(false, 1, new byte[] {9, 0x20, 1, 2, 3});
        return List.of(
                InitiateRequest.of(conformance, 0xFFFF),
                initiate,
                InitiateResponse.of(conformance, 512),
                new InitiateResponse(0, 6, conformance, 0, 0xFA00),
                ConfirmedServiceError.initiateError(ConfirmedServiceError.INITIATE_PDU_SIZE_TOO_SHORT),
                ExceptionResponse.of(ExceptionResponse.StateError.SERVICE_UNKNOWN,
                        ExceptionResponse.ServiceError.PDU_TOO_LONG),
                new ExceptionResponse(ExceptionResponse.StateError.SERVICE_NOT_ALLOWED,
                        ExceptionResponse.ServiceError.INVOCATION_COUNTER_ERROR, 0xFFFF_FFFFL),
                Aarq.of(ApplicationContextName.LOGICAL_NAME, MechanismName.LOW, "secret".getBytes(), null,
                        InitiateRequest.of(conformance, 1200)),
                new Aarq(ApplicationContextName.LOGICAL_NAME_WITH_CIPHERING.oid(), new byte[8], new byte[40], true,
                        MechanismName.HIGH_GMAC.oid(), new byte[16], new byte[200]),
                new Aarq(ApplicationContextName.LOGICAL_NAME.oid(), null, null, false, null, null, null),
                Aare.of(ApplicationContextName.LOGICAL_NAME, AssociationResult.ACCEPTED, ResultSourceDiagnostic.user(0),
                        InitiateResponse.of(conformance, 1200)),
                new Aare(ApplicationContextName.LOGICAL_NAME.oid(), AssociationResult.REJECTED_TRANSIENT,
                        ResultSourceDiagnostic.provider(2), new byte[8], new byte[3], true, MechanismName.HIGH_GMAC.oid(),
                        new byte[] {1, 2}, ConfirmedServiceError.initiateError(2).encode()),
                new Aare(ApplicationContextName.SHORT_NAME.oid(), AssociationResult.REJECTED_PERMANENT,
                        ResultSourceDiagnostic.user(200), null, null, false, null, null, null),
                new Rlrq(null, null), new Rlrq(1, initiate.encode()), new Rlre(0, null), new Rlre(null, new byte[300]),
                new GetRequest.Normal(iip, CosemObjects.CLOCK_TIME, null),
                new GetRequest.Normal(iip, CosemObjects.CLOCK_TIME, new SelectiveAccess(1, range)),
                new GetRequest.Next(iip, 0xFFFF_FFFFL),
                new GetRequest.WithList(iip, List.of(
                        new GetRequest.Item(CosemObjects.DEVICE_ID_VALUE, null),
                        new GetRequest.Item(ImageTransfer.ATTR_IMAGE_TRANSFERRED_BLOCKS_STATUS, new SelectiveAccess(2,
                                DataValue.NullData.INSTANCE)))),
                new GetResponse.Normal(iip, new GetDataResult.Data(new ScalerUnit(-3, 30).toDataValue())),
                new GetResponse.Normal(iip, new GetDataResult.Failure(DataAccessResult.OBJECT_UNDEFINED)),
                GetResponse.WithDatablock.data(iip, true, 3, new byte[700]),
                new GetResponse.WithDatablock(iip, false, 4, null, DataAccessResult.LONG_GET_ABORTED),
                new GetResponse.WithList(iip, List.of(new GetDataResult.Data(clock),
                        new GetDataResult.Failure(DataAccessResult.READ_WRITE_DENIED))),
                new SetRequest.Normal(iip, CosemObjects.CLOCK_TIME, null, clock),
                new SetRequest.Normal(iip, CosemObjects.CLOCK_TIME, new SelectiveAccess(3, new DataValue.UInt8(1)),
                        clock),
                new SetRequest.WithFirstDatablock(iip, CosemObjects.IMAGE_ACTIVATION_EXECUTION_TIME, null, block),
                new SetRequest.WithDatablock(iip, new DataBlock(true, 2, new byte[300])),
                new SetResponse.Normal(iip, DataAccessResult.TYPE_UNMATCHED),
                new SetResponse.Datablock(iip, 7),
                new SetResponse.LastDatablock(iip, DataAccessResult.SUCCESS, 8),
                new ActionRequest.Normal(iip, ImageTransfer.IMAGE_BLOCK_TRANSFER,
                        new ImageTransfer.BlockParameters(0, new byte[200]).toDataValue()),
                new ActionRequest.Normal(iip, ImageTransfer.IMAGE_VERIFY, ImageTransfer.zeroParameter()),
                new ActionRequest.Normal(iip, ImageTransfer.IMAGE_ACTIVATE, null),
                new ActionRequest.NextPblock(iip, 1),
                new ActionRequest.WithFirstPblock(iip, ImageTransfer.IMAGE_TRANSFER_INITIATE, block),
                new ActionRequest.WithPblock(iip, new DataBlock(true, 2, new byte[] {4})),
                new ActionResponse.Normal(iip, ActionResult.SUCCESS, null),
                new ActionResponse.Normal(iip, ActionResult.TEMPORARY_FAILURE,
                        new GetDataResult.Failure(DataAccessResult.OTHER_REASON)),
                new ActionResponse.Normal(iip, ActionResult.SUCCESS, new GetDataResult.Data(new DataValue.Bool(true))),
                new ActionResponse.WithPblock(iip, block),
                new ActionResponse.NextPblock(iip, 9));
    }
}
