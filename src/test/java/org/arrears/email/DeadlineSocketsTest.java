package org.arrears.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The hub's SMTP sockets. */
class DeadlineSocketsTest {

    @Test
    void smtpConnectionsSendWithoutWaitingForDelayedAcknowledgements() throws Exception {
        // Without TCP_NODELAY, a message larger than one segment waits ~40 ms per message for the ACK the
        // server delays (Nagle's algorithm): the reminders' HTML layout is larger than that.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket unconnected = new DeadlineSockets().createSocket();
             Socket connected = new DeadlineSockets().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(connected.getTcpNoDelay()).isTrue();
        }
    }
}
