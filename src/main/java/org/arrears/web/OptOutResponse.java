package org.arrears.web;

/** An HTTP answer from the opt-out endpoint (getters so route expressions can read it). */
public final class OptOutResponse {
    private final int status;
    private final String contentType;
    private final String text;

    public OptOutResponse(int status, String contentType, String text) {
        this.status = status;
        this.contentType = contentType;
        this.text = text;
    }

    public int getStatus() {
        return status;
    }

    public String getContentType() {
        return contentType;
    }

    public String getText() {
        return text;
    }
}
