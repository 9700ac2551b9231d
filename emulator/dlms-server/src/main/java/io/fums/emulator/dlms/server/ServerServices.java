package io.fums.emulator.dlms.server;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.ActionResponse;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.Apdu;
import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.apdu.DataBlock;
import io.fums.dlms.apdu.ExceptionResponse;
import io.fums.dlms.apdu.GetDataResult;
import io.fums.dlms.apdu.GetRequest;
import io.fums.dlms.apdu.GetResponse;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.apdu.SetRequest;
import io.fums.dlms.apdu.SetResponse;
import io.fums.dlms.axdr.Axdr;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.SelectiveAccess;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GET, SET and ACTION of one association against the object model, with
 * block transfer in both directions: long values are sent in blocks that fit
 * the client's max receive PDU, block-wise writes and method parameters are
 * reassembled up to the configured bound. Services and selective access not
 * in the negotiated conformance get exception-response.
 */
final class ServerServices {

    private final CosemObjectModel model;
    private final ServerSettings s;
    private final DecodeLimits limits;
    private int responseLimit;
    private Conformance conformance;
    /** Outgoing blocks of a long GET or ACTION response, and the last block number sent. */
    private byte[] outRaw;
    private int outBlockSize;
    private long outSent;
    private boolean outIsAction;
    /** Incoming blocks of a SET or ACTION. */
    private ByteArrayOutputStream inRaw;
    private long inReceived;
    private CosemAttributeDescriptor inAttribute;
    private CosemMethodDescriptor inMethod;

    ServerServices(CosemObjectModel model, ServerSettings settings, DecodeLimits limits) {
        this.model = model;
        this.s = settings;
        this.limits = limits;
    }

    /** A new association: its conformance and the largest plain response that fits the client's PDU once protected. */
    void start(Conformance negotiated, int responseLimit) {
        reset();
        this.conformance = negotiated;
        this.responseLimit = responseLimit;
    }

    void reset() {
        outRaw = null;
        outSent = 0;
        inRaw = null;
        inReceived = 0;
        inAttribute = null;
        inMethod = null;
    }

    static ExceptionResponse notSupported() {
        return ExceptionResponse.of(ExceptionResponse.StateError.SERVICE_NOT_ALLOWED,
                ExceptionResponse.ServiceError.SERVICE_NOT_SUPPORTED);
    }

    private boolean lacks(Conformance.Bit bit) {
        return !conformance.has(bit);
    }

    Apdu get(GetRequest request) {
        InvokeIdAndPriority iip = request.invokeIdAndPriority();
        if (request instanceof GetRequest.Normal n) {
            if (lacks(Conformance.Bit.GET) || n.access() != null && lacks(Conformance.Bit.SELECTIVE_ACCESS)) {
                return notSupported();
            }
            reset();
            GetDataResult r = read(n.attribute(), n.access());
            GetResponse.Normal normal = new GetResponse.Normal(iip, r);
            if (r instanceof GetDataResult.Failure || normal.encode().length <= responseLimit) {
                return normal;
            }
            return startLongResponse(iip, Axdr.encode(((GetDataResult.Data) r).value()), false,
                    Conformance.Bit.BLOCK_TRANSFER_WITH_GET_OR_READ);
        }
        if (request instanceof GetRequest.WithList l) {
            if (lacks(Conformance.Bit.GET) || lacks(Conformance.Bit.MULTIPLE_REFERENCES)) {
                return notSupported();
            }
            reset();
            if (!servesList(l)) {
                return ExceptionResponse.of(ExceptionResponse.StateError.SERVICE_NOT_ALLOWED,
                        ExceptionResponse.ServiceError.OPERATION_NOT_POSSIBLE);
            }
            List<GetDataResult> results = new ArrayList<>();
            for (GetRequest.Item i : l.items()) {
                if (i.access() != null && lacks(Conformance.Bit.SELECTIVE_ACCESS)) {
                    return notSupported();
                }
                results.add(read(i.attribute(), i.access()));
            }
            byte[] encoded = new GetResponse.WithList(iip, results).encode();
            if (encoded.length <= responseLimit) {
                return new GetResponse.WithList(iip, results);
            }
            return startLongResponse(iip, Arrays.copyOfRange(encoded, 3, encoded.length), false,
                    Conformance.Bit.BLOCK_TRANSFER_WITH_GET_OR_READ);
        }
        GetRequest.Next next = (GetRequest.Next) request;
        if (lacks(Conformance.Bit.BLOCK_TRANSFER_WITH_GET_OR_READ)) {
            return notSupported();
        }
        if (outRaw == null || outIsAction) {
            return blockFailure(iip, next.blockNumber(), DataAccessResult.NO_LONG_GET_IN_PROGRESS);
        }
        if (next.blockNumber() != outSent) {
            reset();
            return blockFailure(iip, next.blockNumber(), DataAccessResult.LONG_GET_ABORTED);
        }
        return nextBlock(iip);
    }

    private boolean servesList(GetRequest.WithList l) {
        try {
            return model.servesList(l.items().stream().map(GetRequest.Item::attribute).toList());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static GetResponse blockFailure(InvokeIdAndPriority iip, long number, DataAccessResult why) {
        return new GetResponse.WithDatablock(iip, true, number, null, why);
    }

    private GetDataResult read(CosemAttributeDescriptor attribute, SelectiveAccess access) {
        try {
            CosemObjectModel.GetOutcome o = model.get(attribute, access);
            if (o == null || o.value() == null) {
                return new GetDataResult.Failure(o == null || o.error() == null ? DataAccessResult.OTHER_REASON
                        : o.error());
            }
            return new GetDataResult.Data(o.value());
        } catch (RuntimeException e) {
            return new GetDataResult.Failure(DataAccessResult.HARDWARE_FAULT);
        }
    }

    private Apdu startLongResponse(InvokeIdAndPriority iip, byte[] raw, boolean action, Conformance.Bit bit) {
        // GET: C4 02 iip last(1) number(4) choice(1) length(<=3); ACTION: C7 02 iip last(1) number(4) length(<=3)
        int size = responseLimit - 12;
        if (lacks(bit) || size < 1) {
            return action ? new ActionResponse.Normal(iip, ActionResult.OTHER_REASON, null)
                    : new GetResponse.Normal(iip, new GetDataResult.Failure(DataAccessResult.OTHER_REASON));
        }
        outRaw = raw;
        outBlockSize = size;
        outSent = 0;
        outIsAction = action;
        return nextBlock(iip);
    }

    private Apdu nextBlock(InvokeIdAndPriority iip) {
        long n = outSent + 1;
        int from = (int) Math.min((long) outSent * outBlockSize, outRaw.length);
        int to = (int) Math.min((long) from + outBlockSize, outRaw.length);
        boolean last = to == outRaw.length;
        byte[] part = Arrays.copyOfRange(outRaw, from, to);
        outSent = n;
        boolean action = outIsAction;
        if (last) {
            outRaw = null;
        }
        return action ? new ActionResponse.WithPblock(iip, new DataBlock(last, n, part))
                : GetResponse.WithDatablock.data(iip, last, n, part);
    }

    Apdu set(SetRequest request) {
        InvokeIdAndPriority iip = request.invokeIdAndPriority();
        if (request instanceof SetRequest.Normal n) {
            if (lacks(Conformance.Bit.SET) || n.access() != null && lacks(Conformance.Bit.SELECTIVE_ACCESS)) {
                return notSupported();
            }
            reset();
            return new SetResponse.Normal(iip, write(n.attribute(), n.value()));
        }
        if (lacks(Conformance.Bit.SET) || lacks(Conformance.Bit.BLOCK_TRANSFER_WITH_SET_OR_WRITE)) {
            return notSupported();
        }
        DataBlock block;
        if (request instanceof SetRequest.WithFirstDatablock f) {
            reset();
            inAttribute = f.attribute();
            inRaw = new ByteArrayOutputStream(1024);
            block = f.block();
        } else {
            block = ((SetRequest.WithDatablock) request).block();
            if (inAttribute == null) {
                return new SetResponse.LastDatablock(iip, DataAccessResult.NO_LONG_SET_IN_PROGRESS,
                        block.blockNumber());
            }
        }
        DataAccessResult problem = accept(block);
        if (problem != null) {
            return new SetResponse.LastDatablock(iip, problem, block.blockNumber());
        }
        if (!block.lastBlock()) {
            return new SetResponse.Datablock(iip, block.blockNumber());
        }
        CosemAttributeDescriptor attribute = inAttribute;
        byte[] raw = inRaw.toByteArray();
        reset();
        DataAccessResult result;
        try {
            result = write(attribute, Axdr.decode(raw, limits));
        } catch (DlmsCodecException e) {
            result = DataAccessResult.TYPE_UNMATCHED;
        }
        return new SetResponse.LastDatablock(iip, result, block.blockNumber());
    }

    /** Appends an incoming block; returns why it cannot be taken, or null. */
    private DataAccessResult accept(DataBlock block) {
        if (block.blockNumber() != inReceived + 1) {
            reset();
            return DataAccessResult.DATA_BLOCK_NUMBER_INVALID;
        }
        if (inRaw.size() + block.rawDataLength() > s.maxValueLength()) {
            reset();
            return DataAccessResult.OTHER_REASON;
        }
        inRaw.writeBytes(block.rawData());
        inReceived = block.blockNumber();
        return null;
    }

    private DataAccessResult write(CosemAttributeDescriptor attribute, DataValue value) {
        try {
            DataAccessResult r = model.set(attribute, value);
            return r == null ? DataAccessResult.OTHER_REASON : r;
        } catch (RuntimeException e) {
            return DataAccessResult.HARDWARE_FAULT;
        }
    }

    /**
     * An unconfirmed SET-Request-Normal or ACTION-Request-Normal, applied
     * without touching a block transfer in progress; false if not served
     * (other kinds, or the service was not negotiated).
     */
    boolean unconfirmed(Apdu apdu) {
        if (apdu instanceof ActionRequest.Normal n && !lacks(Conformance.Bit.ACTION)) {
            try {
                model.action(n.method(), n.parameters());
            } catch (RuntimeException e) {
                // a failing object answers nobody: there is no response to carry the result
            }
            return true;
        }
        if (apdu instanceof SetRequest.Normal n && !lacks(Conformance.Bit.SET)
                && (n.access() == null || !lacks(Conformance.Bit.SELECTIVE_ACCESS))) {
            write(n.attribute(), n.value());
            return true;
        }
        return false;
    }

    Apdu action(ActionRequest request) {
        InvokeIdAndPriority iip = request.invokeIdAndPriority();
        if (lacks(Conformance.Bit.ACTION)) {
            return notSupported();
        }
        if (request instanceof ActionRequest.Normal n) {
            reset();
            return invoke(iip, n.method(), n.parameters());
        }
        if (lacks(Conformance.Bit.BLOCK_TRANSFER_WITH_ACTION)) {
            return notSupported();
        }
        if (request instanceof ActionRequest.NextPblock next) {
            if (outRaw == null || !outIsAction) {
                return new ActionResponse.Normal(iip, ActionResult.NO_LONG_ACTION_IN_PROGRESS, null);
            }
            if (next.blockNumber() != outSent) {
                reset();
                return new ActionResponse.Normal(iip, ActionResult.LONG_ACTION_ABORTED, null);
            }
            return nextBlock(iip);
        }
        DataBlock block;
        if (request instanceof ActionRequest.WithFirstPblock f) {
            reset();
            inMethod = f.method();
            inRaw = new ByteArrayOutputStream(1024);
            block = f.block();
        } else {
            block = ((ActionRequest.WithPblock) request).block();
            if (inMethod == null) {
                return new ActionResponse.Normal(iip, ActionResult.NO_LONG_ACTION_IN_PROGRESS, null);
            }
        }
        if (accept(block) != null) {
            return new ActionResponse.Normal(iip, ActionResult.LONG_ACTION_ABORTED, null);
        }
        if (!block.lastBlock()) {
            return new ActionResponse.NextPblock(iip, block.blockNumber());
        }
        CosemMethodDescriptor method = inMethod;
        byte[] raw = inRaw.toByteArray();
        reset();
        try {
            return invoke(iip, method, Axdr.decode(raw, limits));
        } catch (DlmsCodecException e) {
            return new ActionResponse.Normal(iip, ActionResult.TYPE_UNMATCHED, null);
        }
    }

    private Apdu invoke(InvokeIdAndPriority iip, CosemMethodDescriptor method, DataValue parameters) {
        CosemObjectModel.ActionOutcome o;
        try {
            o = model.action(method, parameters);
        } catch (RuntimeException e) {
            return new ActionResponse.Normal(iip, ActionResult.HARDWARE_FAULT, null);
        }
        if (o == null || o.result() == null) {
            return new ActionResponse.Normal(iip, ActionResult.OTHER_REASON, null);
        }
        GetDataResult ret = o.returnValue() == null ? null : new GetDataResult.Data(o.returnValue());
        ActionResponse.Normal normal = new ActionResponse.Normal(iip, o.result(), ret);
        if (ret == null || normal.encode().length <= responseLimit) {
            return normal;
        }
        // a long return value: the blocks carry its Get-Data-Result encoding
        byte[] whole = normal.encode();
        return startLongResponse(iip, Arrays.copyOfRange(whole, 5, whole.length), true,
                Conformance.Bit.BLOCK_TRANSFER_WITH_ACTION);
    }
}
