package org.arrears.compliance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One message about to leave, with everything the gate needs, read fresh right before sending.
 *
 * @param template          the template id of the message (cease-communication lets only three through)
 * @param now               the instant the hub would send
 * @param contactPoint      null when the debtor has no address on this channel
 * @param holds             holds in force on the debtor or on any invoice the message lists
 * @param openInvoices      how many of the listed invoices are still open and not held
 * @param openBalance       their open amount, right now (the fresh balance check)
 * @param minimumBalance    the policy's minimum open balance for this currency (zero when none)
 * @param recentSends       instants of messages already sent to this debtor on this channel, newest first,
 *                          at least those inside the longest configured cap window
 * @param senderHold        the hold on the message's sending domain (an email's From domain), or null
 */
public record ContactAttempt(
        long communicationId,
        Channel channel,
        String template,
        Instant now,
        DebtorProfile debtor,
        ContactPointProfile contactPoint,
        List<ActiveHold> holds,
        int openInvoices,
        BigDecimal openBalance,
        BigDecimal minimumBalance,
        List<Instant> recentSends,
        SenderHold senderHold) {

    public ContactAttempt(long communicationId, Channel channel, String template, Instant now, DebtorProfile debtor,
                          ContactPointProfile contactPoint, List<ActiveHold> holds, int openInvoices, BigDecimal openBalance,
                          BigDecimal minimumBalance, List<Instant> recentSends) {
        this(communicationId, channel, template, now, debtor, contactPoint, holds, openInvoices, openBalance,
                minimumBalance, recentSends, null);
    }

    /** The same attempt with the hold on its sending domain (null: none). */
    public ContactAttempt withSenderHold(SenderHold hold) {
        return new ContactAttempt(communicationId, channel, template, now, debtor, contactPoint, holds, openInvoices,
                openBalance, minimumBalance, recentSends, hold);
    }

    public ContactAttempt {
        holds = holds == null ? List.of() : List.copyOf(holds);
        recentSends = recentSends == null ? List.of() : List.copyOf(recentSends);
        minimumBalance = minimumBalance == null ? BigDecimal.ZERO : minimumBalance;
    }
}
