package io.fums.interop.gurux;

import gurux.dlms.GXByteBuffer;
import gurux.dlms.GXDLMSException;
import gurux.dlms.GXReplyData;
import gurux.dlms.enums.Authentication;
import gurux.dlms.enums.InterfaceType;
import gurux.dlms.enums.Security;
import gurux.dlms.objects.GXDLMSObject;
import gurux.dlms.secure.GXDLMSSecureClient;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Gurux's DLMS client ({@link GXDLMSSecureClient}, the application layer
 * only) over a plain socket with the TCP wrapper (IEC 62056-47): every
 * request Gurux builds goes out as is, every wrapper PDU that comes back is
 * handed to Gurux whole. Block transfer (GET/ACTION with blocks) is driven
 * by Gurux itself ({@code receiverReady}). Not thread-safe; one association
 * per instance.
 */
final class GuruxWrapperClient implements AutoCloseable {

    /** Largest wrapper PDU accepted from the meter: bounded memory whatever the peer says. */
    private static final int MAX_PDU = 64 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final GXDLMSSecureClient client;

    private GuruxWrapperClient(Socket socket, GXDLMSSecureClient client) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.client = client;
    }

    /**
     * Connects to {@code port} on the loopback interface as client SAP
     * {@code clientAddress} to logical device 1 with the given security.
     */
    static GuruxWrapperClient connect(int port, int clientAddress, GuruxSecurity security) throws IOException {
        GXDLMSSecureClient c = new GXDLMSSecureClient(true, clientAddress, 1, security.authentication(),
                security.password(), InterfaceType.WRAPPER);
        if (security.authentication() == Authentication.HIGH_GMAC) {
            c.getCiphering().setSecurity(Security.AUTHENTICATION_ENCRYPTION);
            c.getCiphering().setSystemTitle(security.clientSystemTitle());
            c.getCiphering().setBlockCipherKey(security.encryptionKey());
            c.getCiphering().setAuthenticationKey(security.authenticationKey());
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
            return new GuruxWrapperClient(s, c);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The Gurux client, to build requests and parse values. */
    GXDLMSSecureClient gurux() {
        return client;
    }

    /** AARQ/AARE, then passes 3 and 4 of HLS where the authentication needs them. */
    void associate() throws Exception {
        GXReplyData reply = new GXReplyData();
        exchange(client.aarqRequest(), reply);
        client.parseAareResponse(reply.getData());
        if (client.getIsAuthenticationRequired()) {
            reply.clear();
            exchange(client.getApplicationAssociationRequest(), reply);
            client.parseApplicationAssociationResponse(reply.getData());
        }
    }

    /** Reads attribute {@code index} of {@code object} into it; returns the value Gurux made of it. */
    Object read(GXDLMSObject object, int index) throws Exception {
        GXReplyData reply = new GXReplyData();
        exchange(client.read(object, index), reply);
        return client.updateValue(object, index, reply.getValue());
    }

    /** Sends the requests (one service, maybe in blocks) and returns the reply of the last. */
    GXReplyData exchange(byte[][] requests, GXReplyData reply) throws Exception {
        for (byte[] request : requests) {
            reply.clear();
            send(request, reply);
            while (reply.isMoreData()) {
                send(client.receiverReady(reply), reply);
            }
        }
        return reply;
    }

    /** RLRQ/RLRE. */
    void release() throws Exception {
        byte[][] rlrq = client.releaseRequest();
        if (rlrq != null) {
            exchange(rlrq, new GXReplyData());
        }
    }

    private void send(byte[] request, GXReplyData reply) throws Exception {
        out.write(request);
        out.flush();
        GXByteBuffer received = new GXByteBuffer();
        do {
            byte[] header = new byte[8];
            in.readFully(header);
            int length = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
            if (length > MAX_PDU) {
                throw new IOException("wrapper PDU of " + length + " octets");
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            received.set(header);
            received.set(payload);
        } while (!client.getData(received, reply, null));
        if (reply.getError() != 0) {
            throw new GXDLMSException(reply.getError());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
