package io.fums.dlms.client;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.ActionResponse;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.Apdu;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.apdu.DataBlock;
import io.fums.dlms.apdu.GetDataResult;
import io.fums.dlms.apdu.GetRequest;
import io.fums.dlms.apdu.GetResponse;
import io.fums.dlms.apdu.InitiateResponse;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.apdu.SetRequest;
import io.fums.dlms.apdu.SetResponse;
import io.fums.dlms.axdr.Axdr;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.dlms.internal.ByteWriter;
import io.fums.dlms.link.Link;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.transport.ApduTransport;
import io.fums.dlms.transport.HdlcClientTransport;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.dlms.transport.WrapperTransport;
import java.util.Arrays;
import java.util.List;

/**
 * An open association with one meter: GET, SET and ACTION on COSEM objects
 * by logical name, with block transfer whenever a value does not fit the
 * negotiated PDU sizes (the meter's max receive PDU for requests, this
 * client's for responses).
 *
 * <pre>{@code
 * try (DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("10.0.0.7", 4059, Duration.ofSeconds(5)),
 *         0x01, 1, AssociationSettings.highGmac(keys, systemTitle, true))) {
 *     DataValue id = c.get(CosemObjects.DEVICE_ID_VALUE);
 * }
 * }</pre>
 *
 * <p>Thread-safe: requests are serialised. {@link #close()} releases the
 * association (RLRQ), ends the link layer (HDLC DISC) and closes the link.
 */
public final class DlmsClient implements AutoCloseable {

    private final ClientChannel ch;
    private final AssociationSettings settings;
    private final InvocationCounters counters;
    private final InitiateResponse initiate;
    private final Conformance conformance;
    private final int serverMaxPdu;
    private volatile boolean closed;

    private DlmsClient(ClientChannel ch, AssociationSettings settings, InvocationCounters counters,
            InitiateResponse initiate) {
        this.ch = ch;
        this.settings = settings;
        this.counters = counters;
        this.initiate = initiate;
        this.conformance = initiate.negotiatedConformance();
        int max = initiate.serverMaxReceivePduSize();
        this.serverMaxPdu = max == 0 ? 0xFFFF : max;
    }

    /**
     * Associates over an open transport; the transport is closed if the association fails.
     *
     * @throws DlmsException METER_AUTH_FAILED for refused credentials or keys, METER_REFUSED for
     *         another refusal, METER_UNREACHABLE, METER_PROTOCOL
     */
    public static DlmsClient open(ApduTransport transport, AssociationSettings settings) throws DlmsException {
        InvocationCounters counters = settings.counters() != null ? settings.counters() : new InvocationCounters();
        ClientChannel ch = new ClientChannel(transport, settings.responseTimeout().toMillis(),
                new DecodeLimits(16, Math.max(settings.maxValueLength(), 0xFFFF)));
        try {
            ClientAssociation.Negotiated n = ClientAssociation.associate(ch, settings, counters);
            return new DlmsClient(ch, settings, counters, n.initiate());
        } catch (DlmsException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** Associates through the TCP wrapper from {@code clientSap} to {@code logicalDevice} over {@code link}. */
    public static DlmsClient overWrapper(Link link, int clientSap, int logicalDevice, AssociationSettings settings)
            throws DlmsException {
        return open(WrapperTransport.client(link, clientSap, logicalDevice), settings);
    }

    /** Connects HDLC over {@code link} (SNRM/UA), then associates. */
    public static DlmsClient overHdlc(Link link, HdlcSettings hdlc, AssociationSettings settings)
            throws DlmsException {
        return open(HdlcClientTransport.connect(link, hdlc), settings);
    }

    /** The meter link and framing, as errors name it. */
    public String name() {
        return ch.name;
    }

    /** The services both sides agreed on. */
    public Conformance conformance() {
        return conformance;
    }

    /** The meter's InitiateResponse (DLMS version, conformance, max receive PDU). */
    public InitiateResponse initiateResponse() {
        return initiate;
    }

    /** The largest APDU the meter accepts (requests are split into blocks to fit it). */
    public int serverMaxReceivePduSize() {
        return serverMaxPdu;
    }

    /** Whether the association ciphers its APDUs (a broadcast, sent in clear, would be ignored). */
    boolean ciphered() {
        return ch.ciphered();
    }

    /** This client's invocation counters: persist {@code nextToSend()} after the association. */
    public InvocationCounters invocationCounters() {
        return counters;
    }

    /** Reads one attribute. */
    public DataValue get(CosemAttributeDescriptor attribute) throws DlmsException {
        return get(attribute, null);
    }

    /**
     * Reads one attribute, with selective access if {@code access} is not null.
     *
     * @throws DlmsRefusedException with the data-access-result if the meter refuses
     */
    public synchronized DataValue get(CosemAttributeDescriptor attribute, SelectiveAccess access)
            throws DlmsException {
        String what = "get " + attribute;
        require(Conformance.Bit.GET, what);
        if (access != null) {
            require(Conformance.Bit.SELECTIVE_ACCESS, what);
        }
        InvokeIdAndPriority iip = ch.nextInvokeId();
        Apdu r = exchange(new GetRequest.Normal(iip, attribute, access), iip);
        if (r instanceof GetResponse.Normal n) {
            return data(n.result(), what);
        }
        byte[] raw = ClientBlocks.getBlocks(ch, r, iip, what, settings.maxValueLength(), closedCheck());
        try {
            return Axdr.decode(raw, ch.limits);
        } catch (DlmsCodecException e) {
            throw DlmsException.at(ch.name, e);
        }
    }

    /** Reads several attributes in one request (needs multiple-references); one result per attribute. */
    public synchronized List<GetDataResult> get(List<CosemAttributeDescriptor> attributes) throws DlmsException {
        String what = "get " + attributes.size() + " attributes";
        require(Conformance.Bit.GET, what);
        require(Conformance.Bit.MULTIPLE_REFERENCES, what);
        InvokeIdAndPriority iip = ch.nextInvokeId();
        List<GetRequest.Item> items = attributes.stream().map(a -> new GetRequest.Item(a, null)).toList();
        Apdu r = exchange(new GetRequest.WithList(iip, items), iip);
        GetResponse.WithList list;
        if (r instanceof GetResponse.WithList l) {
            list = l;
        } else {
            byte[] raw = ClientBlocks.getBlocks(ch, r, iip, what, settings.maxValueLength(), closedCheck());
            byte[] apdu = new ByteWriter(raw.length + 3).u8(GetResponse.TAG).u8(3).u8(iip.toByte()).bytes(raw)
                    .toByteArray();
            try {
                list = (GetResponse.WithList) Apdus.decode(apdu, ch.limits);
            } catch (DlmsCodecException e) {
                throw DlmsException.at(ch.name, e);
            }
        }
        if (list.results().size() != attributes.size()) {
            throw DlmsException.protocol(ch.name, what + ": " + list.results().size() + " results");
        }
        return list.results();
    }

    /**
     * Writes one attribute; in blocks (SET-Request-With-Datablock) when it
     * does not fit the meter's PDU.
     *
     * @throws DlmsRefusedException with the data-access-result if the meter refuses
     */
    public synchronized void set(CosemAttributeDescriptor attribute, DataValue value) throws DlmsException {
        String what = "set " + attribute;
        require(Conformance.Bit.SET, what);
        InvokeIdAndPriority iip = ch.nextInvokeId();
        SetRequest.Normal normal = new SetRequest.Normal(iip, attribute, null, value);
        byte[] encoded = normal.encode();
        if (ch.wireSize(encoded.length) <= serverMaxPdu) {
            expectSetResult(exchange(normal, iip), what, -1);
            return;
        }
        byte[] raw = Axdr.encode(value);
        int size = blockSize(new SetRequest.WithFirstDatablock(iip, attribute, null, new DataBlock(false, 1,
                new byte[0])).encode().length, raw.length, Conformance.Bit.BLOCK_TRANSFER_WITH_SET_OR_WRITE, what);
        for (long n = 1, off = 0; ; n++) {
            int len = (int) Math.min(size, raw.length - off);
            boolean last = off + len == raw.length;
            DataBlock block = new DataBlock(last, n, Arrays.copyOfRange(raw, (int) off, (int) off + len));
            SetRequest req = n == 1 ? new SetRequest.WithFirstDatablock(iip, attribute, null, block)
                    : new SetRequest.WithDatablock(iip, block);
            Apdu r = exchange(req, iip);
            if (last) {
                expectSetResult(r, what, n);
                return;
            }
            if (!(r instanceof SetResponse.Datablock ack) || ack.blockNumber() != n) {
                expectSetResult(r, what, n); // a refusal ends the transfer; anything else is a protocol error
                throw DlmsException.protocol(ch.name, what + ": block " + n + " not acknowledged");
            }
            off += len;
        }
    }

    private void expectSetResult(Apdu r, String what, long lastBlock) throws DlmsException {
        DataAccessResult result;
        if (r instanceof SetResponse.Normal n) {
            result = n.result();
        } else if (r instanceof SetResponse.LastDatablock l && (lastBlock < 0 || l.blockNumber() == lastBlock
                || l.result() != DataAccessResult.SUCCESS)) {
            result = l.result();
        } else {
            throw ch.unexpected(what, r);
        }
        if (result != DataAccessResult.SUCCESS) {
            throw refused(what, result);
        }
    }

    /**
     * Invokes a method; the parameters go in blocks when they do not fit the
     * meter's PDU, and a long answer is fetched block by block.
     *
     * @param parameters the method's parameter, or null for none
     * @return the return parameters, or null when the meter returned none
     * @throws DlmsRefusedException with the action-result if the meter refuses
     */
    public synchronized DataValue action(CosemMethodDescriptor method, DataValue parameters) throws DlmsException {
        String what = "action " + method;
        require(Conformance.Bit.ACTION, what);
        InvokeIdAndPriority iip = ch.nextInvokeId();
        ActionRequest.Normal normal = new ActionRequest.Normal(iip, method, parameters);
        Apdu r;
        if (ch.wireSize(normal.encode().length) <= serverMaxPdu) {
            r = exchange(normal, iip);
        } else {
            byte[] raw = Axdr.encode(parameters);
            int size = blockSize(new ActionRequest.WithFirstPblock(iip, method, new DataBlock(false, 1, new byte[0]))
                    .encode().length, raw.length, Conformance.Bit.BLOCK_TRANSFER_WITH_ACTION, what);
            r = null;
            for (long n = 1, off = 0; r == null; n++) {
                int len = (int) Math.min(size, raw.length - off);
                boolean last = off + len == raw.length;
                DataBlock block = new DataBlock(last, n, Arrays.copyOfRange(raw, (int) off, (int) off + len));
                Apdu a = exchange(n == 1 ? new ActionRequest.WithFirstPblock(iip, method, block)
                        : new ActionRequest.WithPblock(iip, block), iip);
                if (!last && a instanceof ActionResponse.NextPblock ack && ack.blockNumber() == n) {
                    off += len;
                } else if (!last && !(a instanceof ActionResponse.Normal)) {
                    throw ch.unexpected(what + " block " + n, a);
                } else {
                    r = a;
                }
            }
        }
        return actionResult(r, iip, what);
    }

    private DataValue actionResult(Apdu r, InvokeIdAndPriority iip, String what) throws DlmsException {
        if (r instanceof ActionResponse.WithPblock) {
            r = ClientBlocks.actionReturn(ch, r, iip, what, settings.maxValueLength(), closedCheck());
        }
        if (!(r instanceof ActionResponse.Normal n)) {
            throw ch.unexpected(what, r);
        }
        if (n.result() != ActionResult.SUCCESS) {
            throw new DlmsRefusedException(ch.name + ": " + what + ": " + name(n.result()), null, n.result());
        }
        return n.returnParameters() == null ? null : data(n.returnParameters(), what);
    }

    private int blockSize(int emptyBlockApdu, int rawLength, Conformance.Bit bit, String what) throws DlmsException {
        if (!conformance.has(bit)) {
            throw new DlmsRefusedException(ch.name + ": " + what + ": " + rawLength
                    + " bytes exceed the meter's PDU of " + serverMaxPdu + " and block transfer was not negotiated",
                    null, null);
        }
        int fixed = emptyBlockApdu + 2; // the raw data's length may take 3 bytes, not 1
        int size = serverMaxPdu - fixed;
        while (size > 0 && ch.wireSize(fixed + size) > serverMaxPdu) {
            size--; // ciphering adds a header whose length field grows with the data
        }
        if (size < 1) {
            throw new DlmsRefusedException(ch.name + ": " + what + ": the meter's PDU of " + serverMaxPdu
                    + " bytes leaves no room for data", null, null);
        }
        return size;
    }

    private DataValue data(GetDataResult result, String what) throws DlmsException {
        if (result instanceof GetDataResult.Data d) {
            return d.value();
        }
        throw refused(what, ((GetDataResult.Failure) result).result());
    }

    private DlmsRefusedException refused(String what, DataAccessResult r) {
        return new DlmsRefusedException(ch.name + ": " + what + ": " + name(r), r, null);
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase().replace('_', '-');
    }

    private ClientBlocks.Exchange closedCheck() {
        return this::exchange;
    }

    private Apdu exchange(Apdu request, InvokeIdAndPriority iip) throws DlmsException {
        if (closed) {
            throw DlmsException.unreachable(ch.name, "association is closed", null);
        }
        return ch.exchange(request, iip);
    }

    private void require(Conformance.Bit bit, String what) throws DlmsException {
        if (!conformance.has(bit)) {
            throw new DlmsRefusedException(ch.name + ": " + what + ": " + name(bit)
                    + " was not negotiated with the meter", null, null);
        }
    }

    /**
     * Closes the transport at once, without releasing the association: a
     * request running in another thread fails promptly. For shutdown.
     */
    public void abort() {
        closed = true;
        ch.transport.close();
    }

    /**
     * Releases the association (RLRQ/RLRE, errors ignored) and closes the
     * transport. Waits for a request running in another thread; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (ch.transport.isOpen()) {
                ClientAssociation.release(ch, settings, counters);
            }
        } finally {
            ch.transport.close();
        }
    }

    @Override
    public String toString() {
        return "DlmsClient[" + ch.name + "]";
    }
}
