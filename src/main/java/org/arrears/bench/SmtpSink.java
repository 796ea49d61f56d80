package org.arrears.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SMTP server on loopback that accepts and discards every message: the common sink against
 * which the hub and the JavaMail baseline are measured, so neither is limited by a real mail server.
 */
public final class SmtpSink implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicLong messages = new AtomicLong();
    private final Thread acceptor;
    private volatile java.util.function.Function<String, String> recipientPolicy = rcpt -> null;

    public SmtpSink() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Decides the reply to each RCPT TO (given the address): null accepts; otherwise the full reply line,
     * such as "550 5.1.1 user unknown", is sent. Lets tests exercise permanent and temporary refusals.
     */
    public void recipientPolicy(java.util.function.Function<String, String> policy) {
        this.recipientPolicy = policy;
    }

    public int port() {
        return server.getLocalPort();
    }

    public long messages() {
        return messages.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "smtp-sink-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream raw = socket.getInputStream();
             OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            socket.setTcpNoDelay(true);
            LineInput in = new LineInput(raw);
            reply(out, "220 sink ESMTP");
            byte[] line = new byte[8192];
            while (true) {
                int n = readLine(in, line);
                if (n < 0) {
                    return;
                }
                String cmd = new String(line, 0, Math.min(n, 4), StandardCharsets.US_ASCII).toUpperCase();
                switch (cmd) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 SIZE 52428800");
                    case "HELO" -> reply(out, "250 sink");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        while (true) {
                            int m = readLine(in, line);
                            if (m < 0) {
                                return;
                            }
                            if (m == 1 && line[0] == '.') {
                                break;
                            }
                        }
                        messages.incrementAndGet();
                        reply(out, "250 2.0.0 queued");
                    }
                    case "RCPT" -> {
                        String arg = new String(line, 0, Math.min(n, line.length), StandardCharsets.US_ASCII);
                        int lt = arg.indexOf('<');
                        int gt = arg.indexOf('>');
                        String address = lt >= 0 && gt > lt ? arg.substring(lt + 1, gt) : arg;
                        String refusal = recipientPolicy.apply(address);
                        reply(out, refusal == null ? "250 ok" : refusal);
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    /** Reads one line without its CRLF into buf (longer lines are truncated); -1 at end of stream. */
    private static int readLine(LineInput in, byte[] buf) throws IOException {
        return in.readLine(buf);
    }

    /** A line reader over its own buffer: the sink must not be the slow part of either side's measurement. */
    private static final class LineInput {
        private final InputStream in;
        private final byte[] buffer = new byte[65536];
        private int pos;
        private int limit;

        LineInput(InputStream in) {
            this.in = in;
        }

        int readLine(byte[] out) throws IOException {
            int n = 0;
            while (true) {
                if (pos == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return n == 0 ? -1 : n;
                    }
                }
                byte b = buffer[pos++];
                if (b == '\n') {
                    return n > 0 && n <= out.length && out[n - 1] == '\r' ? n - 1 : n;
                }
                if (n < out.length) {
                    out[n] = b;
                }
                n++;
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
