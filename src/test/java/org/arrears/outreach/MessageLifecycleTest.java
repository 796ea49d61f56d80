package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One owner for the message lifecycle: the transitions, and no other writer of status or history. */
class MessageLifecycleTest {

    /** SQL that writes a message's status or appends to its history: an UPDATE or INSERT on either table. */
    static final Pattern WRITES = Pattern.compile(
            "(?is)\\b(update\\s+communication(_event)?\\b(?!_)|insert\\s+into\\s+communication(_event)?\\s*\\()");

    @Test
    void onlyTheLifecycleClassWritesMessageStatusOrHistory() throws IOException {
        List<String> writers;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            writers = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return WRITES.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(p -> p.getFileName().toString()).toList();
        }
        assertThat(writers).containsExactly("MessageLifecycle.java");
    }

    @Test
    void theScanRecognisesEveryFormOfWrite() {
        assertThat(WRITES.matcher("UPDATE communication c SET status = 'X'").find()).isTrue();
        assertThat(WRITES.matcher("update\n  communication_event set detail = ''").find()).isTrue();
        assertThat(WRITES.matcher("INSERT INTO communication (token)").find()).isTrue();
        assertThat(WRITES.matcher("insert into communication_event(communication_id)").find()).isTrue();
        assertThat(WRITES.matcher("INSERT INTO communication_invoice (communication_id)").find()).isFalse();
        assertThat(WRITES.matcher("SELECT * FROM communication").find()).isFalse();
    }

    @Test
    void aPlannedMessageCanOnlyBeClaimedOrCancelled() {
        assertThat(MessageStatus.PLANNED.next()).containsExactlyInAnyOrder(MessageStatus.CLAIMED, MessageStatus.CANCELLED);
        assertThat(MessageStatus.DEFERRED.next()).containsExactlyInAnyOrder(MessageStatus.CLAIMED, MessageStatus.CANCELLED);
    }

    @Test
    void aClaimedMessageEndsInOneOutcomeOrGoesBackToTheQueue() {
        assertThat(MessageStatus.CLAIMED.next()).containsExactlyInAnyOrder(MessageStatus.PLANNED, MessageStatus.SENT,
                MessageStatus.DEFERRED, MessageStatus.SUPPRESSED, MessageStatus.CANCELLED, MessageStatus.FAILED);
    }

    @Test
    void aSentMessageCanOnlyBeDeliveredOrBounceAndFinalStatesNeverChange() {
        assertThat(MessageStatus.SENT.next()).containsExactlyInAnyOrder(MessageStatus.DELIVERED, MessageStatus.BOUNCED);
        assertThat(MessageStatus.DELIVERED.next()).containsExactly(MessageStatus.BOUNCED);
        for (MessageStatus s : EnumSet.of(MessageStatus.BOUNCED, MessageStatus.SUPPRESSED, MessageStatus.CANCELLED,
                MessageStatus.FAILED)) {
            assertThat(s.next()).as(s.name()).isEmpty();
        }
        assertThatThrownBy(() -> MessageStatus.check(MessageStatus.SENT, MessageStatus.PLANNED))
                .hasMessage("a message cannot go from SENT to PLANNED");
    }

    @Test
    void inFlightMatchesTheGeneratedColumnOfTheTable() {
        // V3: in_flight GENERATED ALWAYS AS (status IN ('PLANNED', 'CLAIMED', 'DEFERRED'))
        assertThat(Stream.of(MessageStatus.values()).filter(MessageStatus::inFlight))
                .containsExactlyInAnyOrder(MessageStatus.PLANNED, MessageStatus.CLAIMED, MessageStatus.DEFERRED);
        assertThat(MessageStatus.sqlFrom(MessageStatus.CLAIMED)).isEqualTo("('PLANNED','DEFERRED')");
    }
}
