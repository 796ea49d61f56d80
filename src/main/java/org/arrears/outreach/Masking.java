package org.arrears.outreach;

import java.util.regex.Pattern;

/** Masks personal data in text bound for logs: email addresses keep their first letter and domain. */
public final class Masking {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)");

    private Masking() {
    }

    public static String emails(String text) {
        return text == null ? null : EMAIL.matcher(text).replaceAll("$1***@$2");
    }
}
