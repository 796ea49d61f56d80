package org.arrears.outreach;

import java.util.UUID;

/**
 * A communication row claimed by this instance for sending; {@code claim} fences every write to it;
 * {@code creditorId} is the creditor it speaks for (its brand, bank details and sending identity).
 */
public record ClaimedMessage(long id, String token, long debtorId, String currency, long cycleId, String policyCode,
                             String stepCode, int stepIndex, String channel, String template, Long contactPointId,
                             String address, int attempts, UUID claim, long creditorId) {

    /** A message of the default creditor (a single-creditor installation). */
    public ClaimedMessage(long id, String token, long debtorId, String currency, long cycleId, String policyCode,
                          String stepCode, int stepIndex, String channel, String template, Long contactPointId,
                          String address, int attempts, UUID claim) {
        this(id, token, debtorId, currency, cycleId, policyCode, stepCode, stepIndex, channel, template, contactPointId,
                address, attempts, claim, org.arrears.ar.ArSource.DEFAULT_CREDITOR);
    }
}
