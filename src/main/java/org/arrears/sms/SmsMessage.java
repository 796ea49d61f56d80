package org.arrears.sms;

/**
 * One rendered text ready for a gateway.
 *
 * @param token the message's opaque token (status callback URLs and client references carry it, never the id)
 * @param to    the recipient in E.164
 * @param from  the sender (a number or an alphanumeric sender id), or null for the gateway's default
 */
public record SmsMessage(long communicationId, String token, String to, String from, String text,
                         SmsEncoding.Count count) {
}
