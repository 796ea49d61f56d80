package org.arrears.letter;

/** A letter as a PDF/A-2b document, with its page count and the version of the template that rendered it. */
public record RenderedLetter(long communicationId, byte[] pdf, int pages, String templateVersion) {
}
