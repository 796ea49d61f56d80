package org.arrears.outreach;

/** The rendered parts of one message; {@code templateVersion} identifies the exact template sources used. */
public record RenderedMessage(String subject, String text, String html, String templateVersion) {
}
