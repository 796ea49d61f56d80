package org.arrears.bench.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A small SMTP server on loopback whose faults the suite switches while it runs: a reply per recipient (421, 451,
 * 550 …), a final reply after DATA other than 250 (451 for a while), accepting connections and never answering,
 * taking a message and never answering, and refusing connections altogether (the listening socket is closed and
 * later opened again on the same port). It counts every accepted message by the hub's token, taken from its
 * Message-ID ({@code <token@domain>}), so the suite knows what was sent and what was sent twice.
 */
public final class FaultSmtpServer implements AutoCloseable {

    /** How the server treats a new connection or message. */
    public enum Mode { NORMAL, SILENT, HANG_AFTER_DATA }

    private final int port;
    private volatile ServerSocket server;
    private final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.NORMAL;
    private volatile Function<String, String> recipientReply = rcpt -> null;
    private volatile String dataReply;
    private volatile boolean closed;
    private volatile boolean closing;
    private volatile long paceNanos;

    public FaultSmtpServer() {
        try {
            ServerSocket s = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            this.port = s.getLocalPort();
            listen(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public FaultSmtpServer mode(Mode m) {
        this.mode = m;
        return this;
    }

    /** The reply line to RCPT TO for an address (without the brackets), or null to accept it. */
    public FaultSmtpServer recipientReply(Function<String, String> policy) {
        this.recipientReply = policy;
        return this;
    }

    /**
     * Takes at least this long over each message before answering its data (a server of real speed, so a fault the
     * suite applies after a tenth of a campaign finds the rest still to send).
     */
    public FaultSmtpServer pace(java.time.Duration perMessage) {
        this.paceNanos = perMessage.toNanos();
        return this;
    }

    /** The final reply to every message's data (for example {@code 451 4.3.0 try later}), or null for 250. */
    public FaultSmtpServer dataReply(String reply) {
        this.dataReply = reply;
        return this;
    }

    /**
     * Refuses connections (nothing listens on the port, and each open session is closed with 421 at its next command,
     * as a server going away does) or, with false, listens again on the same port.
     */
    public synchronized FaultSmtpServer refuseConnections(boolean refuse) {
        try {
            closing = refuse;
            if (refuse && server != null) {
                // nothing listens any more; open sessions are closed at their next command (see serve)
                server.close();
                server = null;
            } else if (!refuse && server == null) {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
                listen(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Closes every open connection (the hub's kept-open sessions see a broken pipe). */
    public void dropConnections() throws IOException {
        for (Socket s : open) {
            s.close();
        }
    }

    /** The tokens of every accepted message. */
    public Set<String> tokens() {
        return Set.copyOf(accepted.keySet());
    }

    /** Accepted messages, repeats included. */
    public long acceptedTotal() {
        return accepted.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** How many accepted messages repeat a token accepted before. */
    public long duplicates() {
        return accepted.values().stream().mapToLong(v -> v - 1).sum();
    }

    private void listen(ServerSocket s) {
        this.server = s;
        Thread t = new Thread(() -> acceptLoop(s), "fault-smtp");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                c.setTcpNoDelay(true);
                open.add(c);
                Thread t = new Thread(() -> serve(c), "fault-smtp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = socket.getOutputStream()) {
            if (mode == Mode.SILENT) {
                drain(in);
                return;
            }
            reply(out, "220 fault-smtp ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                if (closing) {
                    // a server going away closes each session at its next command, between messages
                    reply(out, "421 4.3.2 fault-smtp shutting down");
                    return;
                }
                String cmd = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (cmd) {
                    case "EHLO" -> reply(out, "250-fault-smtp\r\n250 8BITMIME");
                    case "RCPT" -> {
                        int lt = line.indexOf('<');
                        int gt = line.indexOf('>');
                        String r = recipientReply.apply(lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : line);
                        reply(out, r == null ? "250 ok" : r);
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        String token = null;
                        String l;
                        while ((l = in.readLine()) != null && !l.equals(".")) {
                            if (token == null && l.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                token = token(l.substring(11).trim());
                            }
                        }
                        if (paceNanos > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(paceNanos);
                        }
                        if (mode == Mode.HANG_AFTER_DATA) {
                            drain(in);
                            return;
                        }
                        String r = dataReply;
                        if (r != null) {
                            reply(out, r);
                        } else {
                            if (token != null) {
                                accepted.merge(token, 1, Integer::sum);
                            }
                            reply(out, "250 2.0.0 queued");
                        }
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away, or the suite closed the connection
        } finally {
            open.remove(socket);
        }
    }

    private static void drain(BufferedReader in) throws IOException {
        char[] buf = new char[4096];
        while (in.read(buf) >= 0) {
            // reads whatever comes and never answers: the client must give up by itself
        }
    }

    static String token(String messageId) {
        String id = messageId.startsWith("<") ? messageId.substring(1) : messageId;
        int at = id.indexOf('@');
        return at > 0 ? id.substring(0, at) : id;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (server != null) {
            server.close();
        }
        for (Socket s : open) {
            s.close();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
