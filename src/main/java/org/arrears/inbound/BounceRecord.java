package org.arrears.inbound;

/**
 * One recipient of a bounce, a delivery report or a complaint.
 *
 * @param recipient         the address the report is about (Final-Recipient, or the address the text names); null
 *                          when the report names none
 * @param originalRecipient Original-Recipient when the report gives one, else null
 * @param status            RFC 3463 status ({@code 5.1.1}); when the report gives none, the class the text implies
 *                          with {@code .0.0}; null for a complaint or an automatic reply
 * @param smtpCode          the SMTP reply code ({@code 550}), null when absent
 * @param diagnostic        the server's words (Diagnostic-Code or the text about this recipient), at most 500 characters
 * @param action            failed, delayed, delivered, relayed, expanded (RFC 3464), or null
 * @param reason            one of {@link BounceRules#REASONS}
 * @param hard              true when the address itself is wrong and must not be used again
 * @param remoteMta         Remote-MTA when given, else null
 * @param feedbackType      the ARF Feedback-Type (abuse, fraud, ...) of a complaint, else null
 */
public record BounceRecord(String recipient, String originalRecipient, String status, String smtpCode,
                           String diagnostic, String action, String reason, boolean hard, String remoteMta,
                           String feedbackType) {

    /** The status class: 2, 4 or 5, or 0 without a status. */
    public int statusClass() {
        return status == null || status.isEmpty() ? 0 : status.charAt(0) - '0';
    }
}
