package org.arrears.sms;

/** A stored phone number that is not a valid number; the message names the masked number and the problem. */
public class InvalidPhoneNumberException extends IllegalArgumentException {
    public InvalidPhoneNumberException(String message) {
        super(message);
    }
}
