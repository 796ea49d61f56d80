package org.arrears.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server over UDP on 127.0.0.1, built on dnsjava's message classes, answering TXT and MX
 * questions from what the test put in. A name it does not know is NXDOMAIN; a known name without the type is an empty
 * NOERROR answer.
 */
public final class DnsTestServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final Thread thread;

    public DnsTestServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "dns-test-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** HOST:PORT for --server. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public DnsTestServer txt(String name, String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        add(new TXTRecord(name(name), DClass.IN, 300, parts));
        return this;
    }

    public DnsTestServer mx(String name, int priority, String host) {
        add(new MXRecord(name(name), DClass.IN, 300, priority, name(host)));
        return this;
    }

    private void add(Record r) {
        records.computeIfAbsent(r.getName().toString().toLowerCase(), k -> new ArrayList<>()).add(r);
    }

    private static Name name(String n) {
        try {
            return Name.fromString(n.endsWith(".") ? n : n + ".");
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
                Message q = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
                Record question = q.getQuestion();
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.getHeader().setFlag(Flags.AA);
                r.addRecord(question, Section.QUESTION);
                List<Record> known = records.get(question.getName().toString().toLowerCase());
                if (known == null) {
                    r.getHeader().setRcode(Rcode.NXDOMAIN);
                } else {
                    for (Record k : known) {
                        if (k.getType() == question.getType() || question.getType() == Type.ANY) {
                            r.addRecord(k, Section.ANSWER);
                        }
                    }
                }
                byte[] out = r.toWire();
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
