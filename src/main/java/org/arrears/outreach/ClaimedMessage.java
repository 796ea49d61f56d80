package org.arrears.outreach;

import java.util.UUID;

/** A communication row claimed by this instance for sending; {@code claim} fences every write to it. */
public record ClaimedMessage(long id, String token, long debtorId, String currency, long cycleId, String policyCode,
                             String stepCode, int stepIndex, String channel, String template, Long contactPointId,
                             String address, int attempts, UUID claim) {
}
