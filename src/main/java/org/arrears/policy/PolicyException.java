package org.arrears.policy;

/** An invalid policy file; the message is "file:line: problem". */
public class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message);
    }
}
