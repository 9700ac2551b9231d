package io.fums.dlms.apdu;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.dlms.internal.AxdrIo;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;

/** A-XDR pieces shared by the GET, SET and ACTION APDUs. */
final class XdlmsCodec {

    private XdlmsCodec() {
    }

    static ByteWriter start(int tag, int type, InvokeIdAndPriority iip) {
        return new ByteWriter().u8(tag).u8(type).u8(iip.toByte());
    }

    static void writeAttribute(ByteWriter w, CosemAttributeDescriptor d) {
        w.u16(d.classId()).bytes(d.instance().toBytes()).u8(d.attributeId());
    }

    static CosemAttributeDescriptor readAttribute(ByteReader r) throws DlmsCodecException {
        int classId = r.u16();
        ObisCode instance = obis(r);
        return new CosemAttributeDescriptor(classId, instance, r.i8());
    }

    static void writeMethod(ByteWriter w, CosemMethodDescriptor d) {
        w.u16(d.classId()).bytes(d.instance().toBytes()).u8(d.methodId());
    }

    static CosemMethodDescriptor readMethod(ByteReader r) throws DlmsCodecException {
        int classId = r.u16();
        ObisCode instance = obis(r);
        return new CosemMethodDescriptor(classId, instance, r.i8());
    }

    private static ObisCode obis(ByteReader r) throws DlmsCodecException {
        return new ObisCode(r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8());
    }

    /** access-selection OPTIONAL: 00, or 01 selector parameters. */
    static void writeAccess(ByteWriter w, SelectiveAccess a) {
        if (a == null) {
            w.u8(0);
        } else {
            w.u8(1).u8(a.selector());
            AxdrIo.write(w, a.parameters());
        }
    }

    static SelectiveAccess readAccess(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        if (!Apdus.optionalFlag(r)) {
            return null;
        }
        int selector = r.u8();
        return new SelectiveAccess(selector, AxdrIo.read(r, limits));
    }

    /** Get-Data-Result: 00 Data, or 01 Data-Access-Result. */
    static void writeResult(ByteWriter w, GetDataResult result) {
        if (result instanceof GetDataResult.Data d) {
            w.u8(0);
            AxdrIo.write(w, d.value());
        } else {
            w.u8(1).u8(((GetDataResult.Failure) result).result().code());
        }
    }

    static GetDataResult readResult(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        int choice = r.u8();
        if (choice == 0) {
            return new GetDataResult.Data(AxdrIo.read(r, limits));
        } else if (choice == 1) {
            return new GetDataResult.Failure(DataAccessResult.fromCode(r.u8()));
        }
        throw r.error("Get-Data-Result: unknown choice " + choice);
    }

    /** DataBlock-SA: last-block, block-number, raw-data. */
    static void writeBlock(ByteWriter w, DataBlock b) {
        byte[] raw = b.rawData();
        w.u8(b.lastBlock() ? 1 : 0).u32(b.blockNumber()).length(raw.length).bytes(raw);
    }

    static DataBlock readBlock(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        boolean last = r.u8() != 0;
        long number = r.u32();
        return new DataBlock(last, number, r.bytes(r.length(limits.maxLength())));
    }

    static DataValue readData(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        return AxdrIo.read(r, limits);
    }

    /** An element count that cannot exceed the bytes left (each element takes at least one). */
    static int count(ByteReader r, DecodeLimits limits, String what) throws DlmsCodecException {
        long n = r.length(limits.maxLength());
        if (n > r.remaining()) {
            throw r.error(what + " declares " + n + " elements but only " + r.remaining() + " byte(s) are left");
        }
        return (int) n;
    }
}
