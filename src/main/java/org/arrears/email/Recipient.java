package org.arrears.email;

import jakarta.mail.internet.AddressException;
import java.net.IDN;
import java.util.Locale;

/**
 * A stored email address checked and put into the form it is sent in. Only a bare address (RFC 5321 Mailbox, a
 * dot-atom local part) is sent: a display name, angle brackets, quoting, white space or control characters mean
 * the stored value is not one address (`"victim@example.com" <evil@evil.example>`) and it is refused, never passed
 * into a header. An internationalised domain is sent in its IDNA (xn--) form; a local part with non-ASCII
 * characters needs a server that offers SMTPUTF8 (RFC 6531), which {@link #needsSmtpUtf8()} says.
 */
record Recipient(String address, boolean needsSmtpUtf8) {

    private static final String ATOM_PUNCTUATION = "!#$%&'*+-/=?^_`{|}~";

    static Recipient parse(String stored) throws AddressException {
        if (stored == null || stored.isBlank()) {
            throw new AddressException("the address is empty");
        }
        String a = stored.strip();
        for (int i = 0; i < a.length(); i++) {
            char ch = a.charAt(i);
            if (Character.isISOControl(ch) || Character.isWhitespace(ch)) {
                throw new AddressException("the address contains white space or a control character");
            }
            if ("<>\"(),;:[]\\".indexOf(ch) >= 0) {
                throw new AddressException("the address is not a bare address (display names, brackets and quoting are "
                        + "not sent)");
            }
        }
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1 || a.indexOf('@') != at) {
            throw new AddressException("the address needs exactly one @ between a local part and a domain");
        }
        String local = a.substring(0, at);
        String domain = a.substring(at + 1);
        boolean utf8 = false;
        if (local.length() > 64 || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new AddressException("the local part is not a dot-atom of at most 64 characters");
        }
        for (int i = 0; i < local.length(); i++) {
            char ch = local.charAt(i);
            if (ch > 127) {
                utf8 = true;
            } else if (!Character.isLetterOrDigit(ch) && ch != '.' && ATOM_PUNCTUATION.indexOf(ch) < 0) {
                throw new AddressException("the local part has a character an address cannot carry: '" + ch + "'");
            }
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new AddressException("the domain is not a valid (internationalised) domain name: " + e.getMessage());
        }
        if (ascii.length() > 253 || !ascii.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new AddressException("the domain is not a host name with at least two labels");
        }
        return new Recipient(local + "@" + ascii, utf8);
    }
}
