package org.arrears.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real SMTP server on loopback for fault tests: it records the Message-ID of every message it accepted (so a
 * test counts what was delivered twice), and can be slow (a pause before each final reply), silent (accepts the
 * connection and never says anything), hang after DATA, or refuse recipients.
 */
public final class RecordingSmtpServer implements AutoCloseable {

    /** How the server behaves; switchable while it runs. */
    public enum Mode { NORMAL, SILENT, HANG_AFTER_DATA }

    private final ServerSocket server;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<String> envelope = new CopyOnWriteArrayList<>();
    private final List<String> toHeaders = new CopyOnWriteArrayList<>();
    private volatile boolean smtpUtf8;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.NORMAL;
    private volatile Duration pause = Duration.ZERO;
    private volatile Function<String, String> recipientPolicy = rcpt -> null;
    private volatile Runnable onAccepted = () -> { };

    public RecordingSmtpServer() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "recording-smtp");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public RecordingSmtpServer mode(Mode m) {
        this.mode = m;
        return this;
    }

    /** Whether EHLO offers SMTPUTF8 (RFC 6531). */
    public RecordingSmtpServer smtpUtf8(boolean offered) {
        this.smtpUtf8 = offered;
        return this;
    }

    /** Every MAIL FROM and RCPT TO line received, as UTF-8 text. */
    public List<String> envelope() {
        return new ArrayList<>(envelope);
    }

    /** The To: header of every message received. */
    public List<String> toHeaders() {
        return new ArrayList<>(toHeaders);
    }

    /** A pause before the reply to each message's final dot: a slow relay. */
    public RecordingSmtpServer pause(Duration d) {
        this.pause = d;
        return this;
    }

    /** null accepts the recipient; otherwise the reply line to RCPT TO. */
    public RecordingSmtpServer recipientPolicy(Function<String, String> policy) {
        this.recipientPolicy = policy;
        return this;
    }

    /** Runs after each accepted message, before its reply (a test moves its clock here). */
    public RecordingSmtpServer onAccepted(Runnable r) {
        this.onAccepted = r;
        return this;
    }

    /** Message-IDs of every accepted message, in order, with repeats. */
    public List<String> accepted() {
        return new ArrayList<>(accepted);
    }

    /** How many accepted messages repeat a Message-ID accepted before. */
    public int duplicates() {
        Map<String, Integer> n = new HashMap<>();
        accepted.forEach(id -> n.merge(id, 1, Integer::sum));
        return n.values().stream().mapToInt(v -> v - 1).sum();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "recording-smtp-conn");
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
                while (in.read() >= 0) {
                    // says nothing, ever; the client must give up by itself
                }
                return;
            }
            reply(out, "220 recording ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (cmd) {
                    case "EHLO" -> reply(out, smtpUtf8 ? "250-recording\r\n250-SMTPUTF8\r\n250 8BITMIME"
                            : "250-recording\r\n250 8BITMIME");
                    case "MAIL" -> {
                        envelope.add(line);
                        reply(out, "250 ok");
                    }
                    case "RCPT" -> {
                        envelope.add(line);
                        int lt = line.indexOf('<');
                        int gt = line.indexOf('>');
                        String refusal = recipientPolicy.apply(lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : line);
                        reply(out, refusal == null ? "250 ok" : refusal);
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        String messageId = null;
                        String l;
                        while ((l = in.readLine()) != null && !l.equals(".")) {
                            if (messageId == null && l.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                messageId = l.substring(11).trim();
                            }
                            if (l.regionMatches(true, 0, "To:", 0, 3)) {
                                toHeaders.add(l.substring(3).trim());
                            }
                        }
                        if (mode == Mode.HANG_AFTER_DATA) {
                            while (in.read() >= 0) {
                                // took the message and never answers
                            }
                            return;
                        }
                        if (!pause.isZero()) {
                            Thread.sleep(pause.toMillis()); // the server's own slowness, not a test waiting
                        }
                        accepted.add(messageId);
                        onAccepted.run();
                        reply(out, "250 2.0.0 queued as " + accepted.size());
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
