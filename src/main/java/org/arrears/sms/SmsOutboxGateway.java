package org.arrears.sms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.arrears.outreach.DeliveryException;

/**
 * The SMS gateway when none is configured (the default and the demo): each text becomes one JSON line in
 * {@code <outbox>/sms-<date>.jsonl} (communication id, token, recipient, sender, text, encoding, segments), so a
 * reviewer sees exactly what would have gone out. Lines are appended whole under a lock, so concurrent workers never
 * interleave them.
 */
public final class SmsOutboxGateway implements SmsGateway {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final Clock clock;

    public SmsOutboxGateway(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    public Path folder() {
        return folder;
    }

    /** The file texts of today (UTC) are appended to. */
    public Path currentFile() {
        return folder.resolve("sms-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) + ".jsonl");
    }

    @Override
    public synchronized Accepted send(SmsMessage m) throws DeliveryException {
        ObjectNode line = JSON.createObjectNode();
        line.put("communication_id", m.communicationId());
        line.put("token", m.token());
        line.put("to", m.to());
        line.put("from", m.from());
        line.put("text", m.text());
        line.put("encoding", m.count().encoding().name());
        line.put("segments", m.count().segments());
        line.put("written_at", clock.instant().toString());
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.createDirectories(folder);
            try (OutputStream out = Files.newOutputStream(currentFile(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new DeliveryException("cannot write to the SMS outbox " + folder + ": " + e.getMessage(),
                    DeliveryException.Kind.GATEWAY_DOWN, e);
        }
        return new Accepted("outbox-" + m.token(), "written to " + currentFile().getFileName(), bytes);
    }

    @Override
    public String describe() {
        return "outbox folder " + folder;
    }
}
