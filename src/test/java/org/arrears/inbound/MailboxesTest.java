package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.junit.jupiter.api.Test;

class MailboxesTest {

    private static Settings settings(Map<String, String> values) {
        return Settings.of(values::get, values::keySet, "application.properties");
    }

    @Test
    void noNamesAndNoHostMeansNoMailbox() {
        assertThat(Mailboxes.from(settings(Map.of()))).isEmpty();
    }

    @Test
    void aHostAloneConfiguresOneMailboxNamedInbox() {
        List<Mailboxes.Mailbox> boxes = Mailboxes.from(settings(Map.of("arrears.inbound.imap.host", "imap.example",
                "arrears.inbound.imap.password", "hunter2")));

        assertThat(boxes).extracting(Mailboxes.Mailbox::name).containsExactly("inbox");
        assertThat(boxes.get(0).port()).isEqualTo(993);
        assertThat(boxes.get(0).toString()).doesNotContain("hunter2");
    }

    @Test
    void namedMailboxesTakeTheirOwnSettingsAndTheSharedOnesForTheRest() {
        List<Mailboxes.Mailbox> boxes = Mailboxes.from(settings(Map.of("arrears.inbound.mailboxes", "bounces, Replies",
                "arrears.inbound.imap.host", "imap.example", "arrears.inbound.imap.protocol", "imap",
                "arrears.inbound.mailbox.bounces.username", "bounces",
                "arrears.inbound.mailbox.replies.username", "ar", "arrears.inbound.mailbox.replies.host", "mail.other.example",
                "arrears.inbound.mailbox.replies.folder-prefix", "done/")));

        assertThat(boxes).extracting(Mailboxes.Mailbox::name).containsExactly("bounces", "replies");
        assertThat(boxes).extracting(Mailboxes.Mailbox::host).containsExactly("imap.example", "mail.other.example");
        assertThat(boxes).extracting(Mailboxes.Mailbox::port).containsExactly(143, 143);
        assertThat(boxes).extracting(Mailboxes.Mailbox::folderPrefix).containsExactly("arrears/", "done/");
    }

    @Test
    void aListedMailboxWithoutAHostFailsNamingTheSetting() {
        assertThatThrownBy(() -> Mailboxes.from(settings(Map.of("arrears.inbound.mailboxes", "bounces"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.properties").hasMessageContaining("arrears.inbound.mailbox.bounces.host");
    }

    @Test
    void aBadPortOrProtocolOrANameListedTwiceFails() {
        assertThatThrownBy(() -> Mailboxes.from(settings(Map.of("arrears.inbound.imap.host", "h",
                "arrears.inbound.imap.port", "99999")))).hasMessageContaining("arrears.inbound.imap.port");
        assertThatThrownBy(() -> Mailboxes.from(settings(Map.of("arrears.inbound.imap.host", "h",
                "arrears.inbound.imap.protocol", "pop3")))).hasMessageContaining("imap or imaps");
        assertThatThrownBy(() -> Mailboxes.from(settings(Map.of("arrears.inbound.imap.host", "h",
                "arrears.inbound.mailboxes", "a,a")))).hasMessageContaining("twice");
    }
}
