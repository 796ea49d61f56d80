package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageBytesTest {

    private static final String BLOCK = "Received: from a.example\n by b.example\nReceived: from c.example\n"
            + "subject:   Undelivered\nX-Empty:\nno colon here\n\nbody\n";

    @Test
    void headersReadFromTheBytesAnswerAsJakartaMailsOwnLoaderDoes() throws Exception {
        byte[] bytes = BLOCK.getBytes(StandardCharsets.ISO_8859_1);
        InternetHeaders ours = MessageBytes.headers(bytes);
        InternetHeaders theirs = new InternetHeaders(new ByteArrayInputStream(bytes));

        for (String name : new String[] {"Received", "RECEIVED", "Subject", "X-Empty", "no colon here", "Missing"}) {
            assertThat(ours.getHeader(name)).as(name).isEqualTo(theirs.getHeader(name));
            assertThat(ours.getHeader(name, ", ")).as(name).isEqualTo(theirs.getHeader(name, ", "));
        }
    }

    @Test
    void aHeaderChangedAfterParsingIsSeenByTheLookups() {
        InternetHeaders h = MessageBytes.headers(BLOCK.getBytes(StandardCharsets.ISO_8859_1));

        h.setHeader("Subject", "changed");
        h.removeHeader("Received");

        assertThat(h.getHeader("Subject")).containsExactly("changed");
        assertThat(h.getHeader("Received")).isNull();
    }

    @Test
    void theStreamAfterTheHeadersIsAtTheBodyAndItsViewsAreRelativeToTheirStart() throws Exception {
        MessageBytes in = new MessageBytes(BLOCK.getBytes(StandardCharsets.ISO_8859_1));
        in.headers();
        long at = in.getPosition();

        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body\n");
        MessageBytes body = (MessageBytes) in.newStream(at, -1);
        assertThat(new String(((MessageBytes) body.newStream(1, 3)).readAllBytes(), StandardCharsets.ISO_8859_1))
                .isEqualTo("od");
    }
}
