package org.arrears.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** R5: every rendered email body carries a live opt-out link or a reply-keyword instruction, and a footer. */
class OptOutNoticeLintTest {

    private static final String URL = "https://pay.example.org/optout?t=abc123&c=email";

    private static String html(String footer) {
        return "<html><body><p>Your invoice INV-1001 is 7 days overdue.</p>" + footer + "</body></html>";
    }

    @Test
    void r5_htmlBodyWithLiveOptOutLinkAndFooterPasses() {
        String body = html("<footer><p>Example Ltd, 1 Market St.</p>"
                + "<a href=\"https://pay.example.org/optout?t=abc123&amp;c=email\">Unsubscribe from emails to this address</a>"
                + "</footer>");
        assertThat(OptOutNoticeLint.check(body, URL)).isEmpty();
    }

    @Test
    void r5_plainTextWithReplyStopInstructionAndFooterPasses() {
        String body = "Your invoice INV-1001 is 7 days overdue.\n\n-- \nExample Ltd\nReply STOP to stop emails to this address.\n";
        assertThat(OptOutNoticeLint.check(body, null)).isEmpty();
    }

    @Test
    void r5_plainTextWithOptOutUrlAfterARuleLinePasses() {
        String body = "Your invoice is overdue.\n-----\nTo stop emails to this address: " + URL + "\n";
        assertThat(OptOutNoticeLint.check(body, URL)).isEmpty();
    }

    @Test
    void r5_bodyWithoutAnyOptOutFails() {
        List<String> problems = OptOutNoticeLint.check(html("<footer>Example Ltd</footer>"), URL);
        assertThat(problems).singleElement().asString().contains("R5", "neither", URL);
    }

    @Test
    void r5_linkToAnotherUrlDoesNotCount() {
        String body = html("<footer><a href=\"https://pay.example.org/pay\">Pay now</a></footer>");
        assertThat(OptOutNoticeLint.check(body, URL)).singleElement().asString().contains("neither");
    }

    @Test
    void r5_optOutUrlShownOnlyAsTextInHtmlIsNotALink() {
        String body = html("<footer>Unsubscribe: " + URL + "</footer>");
        assertThat(OptOutNoticeLint.check(body, URL)).singleElement().asString().contains("only as text");
    }

    @Test
    void r5_emptyHtmlFooterFails() {
        String body = "<html><body><p>Overdue. <a href=\"" + URL + "\">Unsubscribe</a></p><footer> &nbsp; <br/> </footer></body></html>";
        assertThat(OptOutNoticeLint.check(body, URL)).containsExactly("R5: the footer is empty");
    }

    @Test
    void r5_emptyPlainTextFooterFails() {
        String body = "Overdue. Reply STOP to stop these emails.\n---\n   \n";
        assertThat(OptOutNoticeLint.check(body, null)).containsExactly("R5: the footer is empty");
    }

    @Test
    void r5_missingFooterFails() {
        String body = "<p>Overdue. <a href=\"" + URL + "\">Unsubscribe</a></p>";
        assertThat(OptOutNoticeLint.check(body, URL)).singleElement().asString().contains("no footer");
    }

    @Test
    void r5_footerFoundByClassHandlesNestedElements() {
        String body = html("<div class=\"mail-footer\"><div></div><p>Reply STOP to opt out of emails.</p></div>");
        assertThat(OptOutNoticeLint.check(body, null)).isEmpty();
        String empty = html("<div id=\"footer\"><div> </div><span></span></div><div>Reply STOP to opt out.</div>");
        assertThat(OptOutNoticeLint.check(empty, null)).containsExactly("R5: the footer is empty");
    }

    @Test
    void r5_unrenderedPlaceholderFails() {
        String body = html("<footer><a href=\"${optOutUrl}\">Unsubscribe</a></footer>");
        assertThat(OptOutNoticeLint.check(body, URL)).anySatisfy(p -> assertThat(p).contains("placeholder"))
                .anySatisfy(p -> assertThat(p).contains("neither"));
    }

    @Test
    void r5_optOutUrlThatIsNotALiveHttpLinkFails() {
        String body = html("<footer><a href=\"/optout\">Unsubscribe</a></footer>");
        assertThat(OptOutNoticeLint.check(body, "/optout"))
                .anySatisfy(p -> assertThat(p).contains("not a live"))
                .anySatisfy(p -> assertThat(p).contains("neither"));
    }

    @Test
    void r5_emptyBodyFails() {
        assertThat(OptOutNoticeLint.check("  ", URL)).singleElement().asString().contains("empty");
        assertThat(OptOutNoticeLint.check(null, URL)).hasSize(1);
    }

    @Test
    void r5_replyKeywordMustBeAnInstructionNotJustTheWord() {
        String body = "We will not stop reminding you.\n-- \nExample Ltd\n";
        assertThat(OptOutNoticeLint.check(body, null)).singleElement().asString().contains("neither");
    }
}
