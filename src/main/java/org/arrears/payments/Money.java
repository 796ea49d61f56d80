package org.arrears.payments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.Locale;

/** Amount parsing helpers shared by the parsers: comma decimals (SWIFT), implied decimals (BAI2), cents (NACHA). */
public final class Money {

    private Money() {
    }

    /**
     * Number of minor-unit digits of an ISO 4217 currency (2 for EUR and USD, 0 for JPY, 3 for KWD). Unknown or
     * absent currencies count as 2, the usual case.
     */
    public static int fractionDigits(String currency) {
        if (currency == null || currency.length() != 3) {
            return 2;
        }
        try {
            int d = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
            return d < 0 ? 0 : d;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    /** The most decimals the hub keeps (its amount columns are numeric(18, 2)). */
    public static final int STORED_DECIMALS = 2;
    /** The most digits before the decimal point the hub keeps (numeric(18, 2)). */
    public static final int MAX_INTEGER_DIGITS = 16;

    /**
     * Why an amount in a currency cannot be taken as it is, or null when it can: it has more decimals than the
     * currency's minor unit (ISO 4217: EUR 10.005, JPY 100.5), a third decimal the hub cannot keep (KWD 1.234), or
     * more digits than the hub's amounts hold. Trailing zeros are not decimals that would be rounded away (JPY
     * 100.00 is 100). Nothing is ever rounded: such an amount rejects its file.
     */
    public static String problem(BigDecimal amount, String currency) {
        int scale = amount.scale();
        if (scale <= 0 || scale <= fractionDigits(currency) && scale <= STORED_DECIMALS) {
            return amount.precision() - scale > MAX_INTEGER_DIGITS ? tooLarge(amount) : null;
        }
        BigDecimal exact = amount.stripTrailingZeros();
        int decimals = Math.max(exact.scale(), 0);
        int allowed = fractionDigits(currency);
        String ccy = currency == null ? "the amount's currency" : currency;
        if (decimals > allowed) {
            return "amount " + amount.toPlainString() + " has " + decimals + " decimal" + (decimals == 1 ? "" : "s")
                    + " but " + ccy + " has " + (allowed == 0 ? "no minor unit" : allowed + " (ISO 4217)")
                    + "; it would have to be rounded";
        }
        if (decimals > STORED_DECIMALS) {
            return "amount " + amount.toPlainString() + " has " + decimals + " decimals; the hub keeps amounts to "
                    + STORED_DECIMALS + " decimals and does not round";
        }
        return exact.precision() - exact.scale() > MAX_INTEGER_DIGITS ? tooLarge(amount) : null;
    }

    private static String tooLarge(BigDecimal amount) {
        String text = amount.abs().compareTo(BigDecimal.TEN.pow(40)) > 0 ? amount.toString() : amount.toPlainString();
        return "amount " + text + " is too large: at most " + MAX_INTEGER_DIGITS + " digits before the decimal point";
    }

    /** An amount given in minor units (cents), as NACHA and BAI2 write them, in the currency's major unit. */
    public static BigDecimal fromMinorUnits(long minor, String currency) {
        return BigDecimal.valueOf(minor, fractionDigits(currency));
    }

    /** As {@link #fromMinorUnits(long, String)} for arbitrarily long digit strings. */
    public static BigDecimal fromMinorUnits(BigInteger minor, String currency) {
        return new BigDecimal(minor, fractionDigits(currency));
    }

    /**
     * Parses a SWIFT amount: digits with a comma as decimal mark ({@code 1234,56}, {@code 1234,}, {@code 0,5}); a
     * dot is accepted instead of the comma. No sign and no grouping.
     *
     * @throws NumberFormatException when the text is not such an amount
     */
    public static BigDecimal parseSwift(String text) {
        if (text == null) {
            throw new NumberFormatException("no amount");
        }
        String s = text.trim();
        int sep = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '.') {
                if (sep >= 0) {
                    throw new NumberFormatException("more than one decimal mark in amount '" + text + "'");
                }
                sep = i;
            } else if (c < '0' || c > '9') {
                throw new NumberFormatException("invalid character '" + c + "' in amount '" + text + "'");
            }
        }
        if (s.isEmpty() || (sep == 0 && s.length() == 1)) {
            throw new NumberFormatException("no digits in amount '" + text + "'");
        }
        if (sep < 0) {
            return new BigDecimal(s);
        }
        String intPart = s.substring(0, sep);
        String frac = s.substring(sep + 1);
        return new BigDecimal((intPart.isEmpty() ? "0" : intPart) + (frac.isEmpty() ? "" : "." + frac));
    }

    /**
     * Parses a decimal number with the given decimal separator and optional grouping separator; an optional
     * leading or trailing sign ({@code -12.50}, {@code 12.50-}, {@code +3}) and surrounding spaces are accepted.
     *
     * @throws NumberFormatException when the text is not such a number
     */
    public static BigDecimal parseDecimal(String text, char decimalSeparator, Character groupingSeparator) {
        if (text == null) {
            throw new NumberFormatException("no amount");
        }
        String s = text.trim();
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1).trim();
        } else if (s.endsWith("-") || s.endsWith("+")) {
            negative = s.endsWith("-");
            s = s.substring(0, s.length() - 1).trim();
        } else if (s.startsWith("(") && s.endsWith(")")) {
            negative = true;
            s = s.substring(1, s.length() - 1).trim();
        }
        StringBuilder sb = new StringBuilder(s.length());
        boolean seenSep = false;
        boolean digits = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
                digits = true;
            } else if (c == decimalSeparator && !seenSep) {
                sb.append('.');
                seenSep = true;
            } else if (groupingSeparator != null && c == groupingSeparator && !seenSep) {
                // grouping mark: skip
            } else {
                throw new NumberFormatException("invalid character '" + c + "' in amount '" + text + "'");
            }
        }
        if (!digits) {
            throw new NumberFormatException("no digits in amount '" + text + "'");
        }
        BigDecimal v = new BigDecimal(sb.charAt(0) == '.' ? "0" + sb : sb.toString());
        return negative ? v.negate() : v;
    }
}
