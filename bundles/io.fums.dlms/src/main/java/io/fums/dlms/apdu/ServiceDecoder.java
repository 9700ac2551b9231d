package io.fums.dlms.apdu;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.dlms.internal.ByteReader;
import java.util.ArrayList;
import java.util.List;

/** A-XDR decoding of the GET, SET and ACTION APDUs (tag byte, type byte, invoke-id-and-priority, body). */
final class ServiceDecoder {

    private ServiceDecoder() {
    }

    static GetRequest getRequest(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        r.u8();
        int type = r.u8();
        InvokeIdAndPriority iip = InvokeIdAndPriority.fromByte(r.u8());
        switch (type) {
            case 1: {
                CosemAttributeDescriptor attribute = XdlmsCodec.readAttribute(r);
                return new GetRequest.Normal(iip, attribute, XdlmsCodec.readAccess(r, limits));
            }
            case 2:
                return new GetRequest.Next(iip, r.u32());
            case 3: {
                int n = XdlmsCodec.count(r, limits, "GET-Request-With-List");
                List<GetRequest.Item> items = new ArrayList<>(Math.min(n, 64));
                for (int i = 0; i < n; i++) {
                    CosemAttributeDescriptor attribute = XdlmsCodec.readAttribute(r);
                    items.add(new GetRequest.Item(attribute, XdlmsCodec.readAccess(r, limits)));
                }
                return new GetRequest.WithList(iip, items);
            }
            default:
                throw r.error("unknown GET-Request type " + type);
        }
    }

    static GetResponse getResponse(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        r.u8();
        int type = r.u8();
        InvokeIdAndPriority iip = InvokeIdAndPriority.fromByte(r.u8());
        switch (type) {
            case 1:
                return new GetResponse.Normal(iip, XdlmsCodec.readResult(r, limits));
            case 2: {
                boolean last = r.u8() != 0;
                long number = r.u32();
                int choice = r.u8();
                if (choice == 0) {
                    byte[] raw = r.bytes(r.length(limits.maxLength()));
                    return new GetResponse.WithDatablock(iip, last, number, raw, null);
                } else if (choice == 1) {
                    return new GetResponse.WithDatablock(iip, last, number, null, DataAccessResult.fromCode(r.u8()));
                }
                throw r.error("DataBlock-G: unknown result choice " + choice);
            }
            case 3: {
                int n = XdlmsCodec.count(r, limits, "GET-Response-With-List");
                List<GetDataResult> results = new ArrayList<>(Math.min(n, 64));
                for (int i = 0; i < n; i++) {
                    results.add(XdlmsCodec.readResult(r, limits));
                }
                return new GetResponse.WithList(iip, results);
            }
            default:
                throw r.error("unknown GET-Response type " + type);
        }
    }

    static SetRequest setRequest(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        r.u8();
        int type = r.u8();
        InvokeIdAndPriority iip = InvokeIdAndPriority.fromByte(r.u8());
        switch (type) {
            case 1: {
                CosemAttributeDescriptor attribute = XdlmsCodec.readAttribute(r);
                SelectiveAccess access = XdlmsCodec.readAccess(r, limits);
                return new SetRequest.Normal(iip, attribute, access, XdlmsCodec.readData(r, limits));
            }
            case 2: {
                CosemAttributeDescriptor attribute = XdlmsCodec.readAttribute(r);
                SelectiveAccess access = XdlmsCodec.readAccess(r, limits);
                return new SetRequest.WithFirstDatablock(iip, attribute, access, XdlmsCodec.readBlock(r, limits));
            }
            case 3:
                return new SetRequest.WithDatablock(iip, XdlmsCodec.readBlock(r, limits));
            default:
                throw r.error("unsupported SET-Request type " + type);
        }
    }

    static SetResponse setResponse(ByteReader r) throws DlmsCodecException {
        r.u8();
        int type = r.u8();
        InvokeIdAndPriority iip = InvokeIdAndPriority.fromByte(r.u8());
        switch (type) {
            case 1:
                return new SetResponse.Normal(iip, DataAccessResult.fromCode(r.u8()));
            case 2:
                return new SetResponse.Datablock(iip, r.u32());
            case 3: {
                DataAccessResult result = DataAccessResult.fromCode(r.u8());
                return new SetResponse.LastDatablock(iip, result, r.u32());
            }
            default:
                throw r.error("unsupported SET-Response type " + type);
        }
    }

    static ActionRequest actionRequest(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        r.u8();
        int type = r.u8();
        InvokeIdAndPriority iip = InvokeIdAndPriority.fromByte(r.u8());
        switch (type) {
            case 1: {
                CosemMethodDescriptor method = XdlmsCodec.readMethod(r);
                return new ActionRequest.Normal(iip, method,
                        Apdus.optionalFlag(r) ? XdlmsCodec.readData(r, limits) : null);
            }
            case 2:
                return new ActionRequest.NextPblock(iip, r.u32());
            case 4: {
                CosemMethodDescriptor method = XdlmsCodec.readMethod(r);
                return new ActionRequest.WithFirstPblock(iip, method, XdlmsCodec.readBlock(r, limits));
            }
            case 6:
                return new ActionRequest.WithPblock(iip, XdlmsCodec.readBlock(r, limits));
            default:
                throw r.error("unsupported ACTION-Request type " + type);
        }
    }

    static ActionResponse actionResponse(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        r.u8();
        int type = r.u8();
        InvokeIdAndPriority iip = InvokeIdAndPriority.fromByte(r.u8());
        switch (type) {
            case 1: {
                ActionResult result = ActionResult.fromCode(r.u8());
                return new ActionResponse.Normal(iip, result,
                        Apdus.optionalFlag(r) ? XdlmsCodec.readResult(r, limits) : null);
            }
            case 2:
                return new ActionResponse.WithPblock(iip, XdlmsCodec.readBlock(r, limits));
            case 4:
                return new ActionResponse.NextPblock(iip, r.u32());
            default:
                throw r.error("unsupported ACTION-Response type " + type);
        }
    }
}
