package org.arrears.outreach;

/** A template that cannot be found, parsed or rendered; the message names the file, line and problem. */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
