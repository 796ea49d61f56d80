package org.arrears.compliance;

/** A way of reaching a debtor. The lower-case name is what policies, rows and config use. */
public enum Channel {
    EMAIL, SMS, LETTER, PHONE;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Channel of(String code) {
        return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
