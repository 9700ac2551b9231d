package io.fums.dlms.client;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.ActionResponse;
import io.fums.dlms.apdu.Apdu;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.DataBlock;
import io.fums.dlms.apdu.GetRequest;
import io.fums.dlms.apdu.GetResponse;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.internal.ByteWriter;

/** Collection of long responses sent in blocks, bounded by the largest value accepted. */
final class ClientBlocks {

    /** Sends a request and returns its response. */
    interface Exchange {
        Apdu exchange(Apdu request, InvokeIdAndPriority iip) throws DlmsException;
    }

    private ClientBlocks() {
    }

    /** The raw data of a GET-Response-With-Datablock sequence, asking for each next block. */
    static byte[] getBlocks(ClientChannel ch, Apdu first, InvokeIdAndPriority iip, String what, int max,
            Exchange exchange) throws DlmsException {
        ByteWriter acc = new ByteWriter(1024);
        long expected = 1;
        Apdu r = first;
        while (true) {
            if (!(r instanceof GetResponse.WithDatablock b)) {
                throw ch.unexpected(what, r);
            }
            if (b.failure() != null) {
                throw new DlmsRefusedException(ch.name + ": " + what + ": "
                        + b.failure().name().toLowerCase().replace('_', '-'), b.failure(), null);
            }
            if (b.blockNumber() != expected) {
                throw DlmsException.protocol(ch.name, what + ": block " + b.blockNumber() + ", expected " + expected);
            }
            byte[] raw = b.rawData();
            if (acc.size() + raw.length > max) {
                throw DlmsException.protocol(ch.name, what + ": value exceeds " + max + " bytes");
            }
            acc.bytes(raw);
            if (b.lastBlock()) {
                return acc.toByteArray();
            }
            expected++;
            r = exchange.exchange(new GetRequest.Next(iip, b.blockNumber()), iip);
        }
    }

    /**
     * The ACTION-Response-Normal that a sequence of ACTION-Response-With-Pblock
     * carries: the blocks hold its return parameters (Get-Data-Result).
     */
    static Apdu actionReturn(ClientChannel ch, Apdu first, InvokeIdAndPriority iip, String what, int max,
            Exchange exchange) throws DlmsException {
        ByteWriter acc = new ByteWriter(1024);
        long expected = 1;
        Apdu r = first;
        while (r instanceof ActionResponse.WithPblock p) {
            DataBlock b = p.block();
            if (b.blockNumber() != expected || acc.size() + b.rawDataLength() > max) {
                throw DlmsException.protocol(ch.name, what + ": bad return block " + b.blockNumber());
            }
            acc.bytes(b.rawData());
            if (b.lastBlock()) {
                byte[] apdu = new ByteWriter(acc.size() + 5).u8(ActionResponse.TAG).u8(1).u8(iip.toByte()).u8(0)
                        .u8(1).bytes(acc.toByteArray()).toByteArray();
                try {
                    return Apdus.decode(apdu, ch.limits);
                } catch (DlmsCodecException e) {
                    throw DlmsException.at(ch.name, e);
                }
            }
            r = exchange.exchange(new ActionRequest.NextPblock(iip, expected++), iip);
        }
        return r;
    }
}
