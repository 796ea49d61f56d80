package org.arrears.outreach;

/**
 * What a gateway accepted: its message id and reply, the exact bytes that left (kept compressed as
 * evidence), and the template version rendered.
 */
public record Delivery(String providerMessageId, String providerResponse, byte[] content, String templateVersion) {
}
