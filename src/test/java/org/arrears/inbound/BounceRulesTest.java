package org.arrears.inbound;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BounceRulesTest {

    private final BounceRules rules = BounceRules.defaults();

    @Test
    void theFirstMatchingTextRuleNamesTheReason() {
        assertThat(rules.reasonOfText("550 5.1.1 <a@b.example>: User unknown", null)).isEqualTo("userunknown");
        assertThat(rules.reasonOfText("452 4.2.2 Mailbox full", null)).isEqualTo("mailboxfull");
        assertThat(rules.reasonOfText("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", null))
                .isEqualTo("blocked");
        assertThat(rules.reasonOfText("550 Message rejected as spam", null)).isEqualTo("spamdetected");
        assertThat(rules.reasonOfText("554 5.7.1 Relay access denied", null)).isEqualTo("norelaying");
        assertThat(rules.reasonOfText("nothing a rule knows", null)).isNull();
    }

    @Test
    void aProviderRuleAppliesOnlyToBouncesOfThatFormat() {
        String text = "the group you tried to contact may not exist";
        assertThat(rules.reasonOfText(text, "GoogleGroups")).isEqualTo("rejected");
        assertThat(rules.reasonOfText(text, "Postfix")).isNotEqualTo("rejected");
    }

    @Test
    void statusCodesNameAReasonByTheirSubjectAndDetailInAnyClass() {
        assertThat(rules.reasonOfStatus("5.1.1")).isEqualTo("userunknown");
        assertThat(rules.reasonOfStatus("4.2.2")).isEqualTo("mailboxfull");
        assertThat(rules.reasonOfStatus("4.4.7")).isEqualTo("expired");
        assertThat(rules.reasonOfStatus("5.0.0")).isNull();
        assertThat(rules.reasonOfStatus("not a code")).isNull();
        assertThat(rules.decisiveReasonOfStatus("5.2.3")).isEqualTo("exceedlimit");
        assertThat(rules.decisiveReasonOfStatus("5.7.1")).isNull();
    }

    @Test
    void hardnessComesFromTheReasonAndForSomeReasonsFromAPermanentStatus() {
        assertThat(rules.isHard("userunknown", 5)).isTrue();
        assertThat(rules.isHard("userunknown", 4)).isTrue();
        assertThat(rules.isHard("notaccept", 5)).isTrue();
        assertThat(rules.isHard("notaccept", 4)).isFalse();
        assertThat(rules.isHard("mailboxfull", 5)).isFalse();
        assertThat(rules.isHard("feedback", 0)).isFalse();
    }

    @Test
    void aRulesCheapFirstTestIsTheWordsEachAlternativeCannotMatchWithoutOrNothingWhenOneHasNone() {
        assertThat(BounceRules.requiredLiterals("mail ?box full|\\bover ?quota|(disk|storage) space"))
                .containsExactly("box full", "quota", " space");
        assertThat(BounceRules.requiredLiterals("user unknown|no such user")).containsExactly("user unknown", "no such user");
        assertThat(BounceRules.requiredLiterals("(no|unknown) user")).containsExactly(" user");
        assertThat(BounceRules.requiredLiterals("(account )?disabled")).containsExactly("disabled");
        assertThat(BounceRules.requiredLiterals("5\\.7\\.1")).containsExactly("5.7.1");
        assertThat(BounceRules.requiredLiterals("(ip|host)\\b.{0,40}\\b(listed|blocked)")).containsExactly("listed", "blocked");
        assertThat(BounceRules.requiredLiterals("rejected by (the )?user\\b(?! domain)")).containsExactly("rejected by ");
        assertThat(BounceRules.requiredLiterals("a.b|\\d+ days")).isNull();
        assertThat(BounceRules.requiredLiterals("x+y")).isNull();
    }

    @Test
    void everyShippedRuleMatchesOnlyTextsThatContainOneOfItsRequiredWords() {
        // the pre-check must never skip a rule that would match: try each rule on texts built from its own words
        for (String text : List.of("550 5.1.1 <a@b.example>: recipient address rejected: user unknown in local recipient table",
                "452 4.2.2 mailbox full", "554 5.7.1 client host [192.0.2.1] blocked using zen.spamhaus.org",
                "550 your ip address is listed on a blocklist", "account has been disabled", "host not found",
                "relay access denied", "message size exceeds fixed maximum message size", "connection timed out")) {
            BounceRules rules = BounceRules.defaults();
            assertThat(rules.reasonOfText(text, null)).as(text).isEqualTo(rules.reasonOfTextWithoutPreCheck(text, null));
        }
    }

    @Test
    void aRuleFileWithAnUnknownReasonOrABadPatternFailsNamingTheLine() {
        assertThatThrownBy(() -> BounceRules.parse("test.txt", new BufferedReader(new StringReader("[text]\nnosuchreason  x\n"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.txt line 2")
                .hasMessageContaining("unknown reason 'nosuchreason'");
        assertThatThrownBy(() -> BounceRules.parse("test.txt", new BufferedReader(new StringReader("[text]\nuserunknown  (unclosed\n"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("invalid pattern");
        assertThatThrownBy(() -> BounceRules.parse("test.txt", new BufferedReader(new StringReader("[status]\n5.1 userunknown\n"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a status code");
    }

    @Test
    void formatsListedAsSilentAboutTheSmtpCommandAreKnownByNameInAnyCase() throws Exception {
        BounceRules rules = BounceRules.parse("test.txt", new BufferedReader(new StringReader("[silent-command]\nX1\n")));

        assertThat(rules.commandIsSilent("x1")).isTrue();
        assertThat(rules.commandIsSilent("Postfix")).isFalse();
        assertThat(rules.commandIsSilent(null)).isFalse();
        assertThatThrownBy(() -> BounceRules.parse("test.txt", new BufferedReader(new StringReader("[silent-command]\nX1 X2\n"))))
                .hasMessageContaining("line 2").hasMessageContaining("one format name");
    }
}
