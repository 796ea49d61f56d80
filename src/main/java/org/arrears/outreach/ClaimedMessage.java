package org.arrears.outreach;

/** A communication row claimed by this instance for sending. */
public record ClaimedMessage(long id, String token, long debtorId, String currency, long cycleId, String policyCode,
                             String stepCode, int stepIndex, String channel, String template, Long contactPointId,
                             String address, int attempts) {
}
