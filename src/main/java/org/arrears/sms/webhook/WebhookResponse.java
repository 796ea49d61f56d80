package org.arrears.sms.webhook;

/** An HTTP answer from an SMS webhook (getters so route expressions can read it). */
public final class WebhookResponse {

    static final String TEXT = "text/plain; charset=utf-8";

    private final int status;
    private final String contentType;
    private final String text;

    public WebhookResponse(int status, String contentType, String text) {
        this.status = status;
        this.contentType = contentType;
        this.text = text;
    }

    static WebhookResponse plain(int status, String text) {
        return new WebhookResponse(status, TEXT, text + "\n");
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

    @Override
    public String toString() {
        return status + " " + text.strip();
    }
}
