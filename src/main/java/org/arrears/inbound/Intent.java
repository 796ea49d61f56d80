package org.arrears.inbound;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;

/**
 * What a human reply asks for or says, as {@link Intents} detected it: the kind, the date and amount it gives (null
 * when it gives none), the currency when stated, the phrase that matched (as written in the reply, at most 120
 * characters) and the language of the rule that matched.
 */
public record Intent(Kind kind, LocalDate date, BigDecimal amount, String currency, String phrase, String language) {

    /** The intents, in the order of precedence when a reply has several (the first is the one that acts). */
    public enum Kind {
        /** R11: stop all communication (also a written refusal to pay). */
        CEASE_COMMUNICATION,
        /** R12: represented by an attorney. */
        ATTORNEY,
        BANKRUPTCY,
        WRONG_PERSON,
        /** Dispute or not my debt. */
        DISPUTE,
        ALREADY_PAID,
        PAYMENT_PLAN,
        PROMISE_TO_PAY,
        QUESTION,
        NONE
    }

    public static final Intent NONE = new Intent(Kind.NONE, null, null, null, null, null);

    /** The kind's name in lower case with dashes ("promise-to-pay"), as printed in JSON. */
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
