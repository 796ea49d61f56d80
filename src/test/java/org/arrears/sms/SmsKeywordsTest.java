package org.arrears.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.arrears.sms.SmsKeywords.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Inbound keywords as COMPLIANCE.md R25 and R26 and issue 9 list them. */
class SmsKeywordsTest {

    private final SmsKeywords keywords = new SmsKeywords();

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT",
            "OPTOUT", "OPT-OUT", "REMOVE", "ARRET", "Arrêt", "TD"})
    void everyCarrierOptOutKeywordOptsOut(String word) {
        assertThat(keywords.classify(word)).isEqualTo(Kind.OPT_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop", "Stop", "StopAll", "  stop  ", "Stop.", "STOP!", "¡Stop!", "\"stop\"", "(quit)",
            "opt out", "Opt  Out", "opt_out", "revoke\n", "Unsubscribe 🙏", "ＳＴＯＰ", "...end..."})
    void anyCaseAndSurroundingSpacesOrPunctuationStillOptOut(String text) {
        assertThat(keywords.classify(text)).isEqualTo(Kind.OPT_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start", "Unstop", "YES", "yes!"})
    void startUnstopAndYesOptBackIn(String text) {
        assertThat(keywords.classify(text)).isEqualTo(Kind.OPT_IN);
    }

    @Test
    void aGatewayThatDoesNotListYesCanLeaveItOut() {
        SmsKeywords withoutYes = new SmsKeywords(SmsKeywords.OPT_OUT, Set.of("START", "UNSTOP"), SmsKeywords.HELP);
        assertThat(withoutYes.classify("YES")).isEqualTo(Kind.OTHER);
        assertThat(withoutYes.classify("UNSTOP")).isEqualTo(Kind.OPT_IN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELP", "help", "Info", " info? "})
    void helpAndInfoAskForHelp(String text) {
        assertThat(keywords.classify(text)).isEqualTo(Kind.HELP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "I paid yesterday", "please quit texting me", "Stop texting pls", "stopp",
            "STOP STOP", "when does it end", "helpful"})
    void anythingButAWholeKeywordIsOther(String text) {
        assertThat(keywords.classify(text)).isEqualTo(Kind.OTHER);
    }

    @Test
    void aNullTextIsOther() {
        assertThat(keywords.classify(null)).isEqualTo(Kind.OTHER);
    }

    @Test
    void aSentenceWithAnOptOutWordIsFlaggedForAPersonToRead() {
        assertThat(keywords.mentionsOptOut("please quit texting me")).isTrue();
        assertThat(keywords.mentionsOptOut("Stop texting pls")).isTrue();
        assertThat(keywords.mentionsOptOut("I want to opt out of this")).isTrue();
        assertThat(keywords.mentionsOptOut("I paid yesterday, thanks")).isFalse();
        assertThat(keywords.mentionsOptOut("stopwatch")).isFalse();
    }

    @Test
    void tdOptsOutAsAWholeMessageButNotAsAWordOfAReply() {
        assertThat(keywords.classify("td")).isEqualTo(Kind.OPT_OUT);
        assertThat(keywords.mentionsOptOut("I paid it at TD yesterday")).isFalse();
        assertThat(keywords.mentionsOptOut("arrêt svp")).isTrue();
    }
}
