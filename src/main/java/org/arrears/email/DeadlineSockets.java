package org.arrears.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * Bounds a whole SMTP exchange (connect and greeting, or MAIL … DATA … the final reply) by a deadline. The mail
 * library's own timeouts apply per read, so a server that answers slowly, byte by byte, or accepts and never
 * answers could hold a worker for as long as it likes; here a watchdog closes the connection's socket once the
 * deadline passes, which ends any read or write blocked on it.
 *
 * <p>One instance per SMTP connection: it is the connection's socket factory and remembers the socket it made.
 */
final class DeadlineSockets extends SocketFactory {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "arrears-smtp-deadline");
        t.setDaemon(true);
        return t;
    });

    private volatile Socket socket;
    private volatile boolean expired;

    /** A running deadline; close it when the exchange is over. */
    final class Deadline implements AutoCloseable {
        private final ScheduledFuture<?> timer;

        private Deadline(long millis) {
            expired = false;
            timer = WATCHDOG.schedule(() -> {
                expired = true;
                Socket s = socket;
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // it is being abandoned
                    }
                }
            }, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            timer.cancel(false);
        }
    }

    Deadline start(long millis) {
        return new Deadline(millis);
    }

    /** True when the last exchange was cut off by its deadline. */
    boolean expired() {
        return expired;
    }

    private Socket remember(Socket s) throws java.net.SocketException {
        s.setTcpNoDelay(true); // no Nagle wait for the ACK the server delays: a message over one segment would stall 40 ms
        socket = s;
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        return remember(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return remember(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return remember(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return remember(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return remember(new Socket(address, port, localAddress, localPort));
    }
}
