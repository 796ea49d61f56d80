package org.arrears.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/**
 * Normalises a stored phone number to E.164 with libphonenumber's metadata, given the region to read a national
 * number in (the debtor's jurisdiction country), and says whether the metadata knows it as a mobile or a landline.
 *
 * <p>Problems are reported with the number masked ({@link #mask}), since they end up in logs.
 */
public final class PhoneNumbers {

    /** What the numbering plan says a number is. */
    public enum LineType {
        /** A mobile number: it can take texts. */
        MOBILE,
        /** A fixed line: no texts. */
        LANDLINE,
        /** A service number (toll-free, premium rate, shared cost, pager, voicemail, UAN): not a subscriber's phone. */
        SERVICE,
        /** The plan does not tell (US and Canada number mobiles and landlines alike; VoIP and personal numbers). */
        UNKNOWN
    }

    /** A valid number: {@code e164} such as +447911123456, the region it belongs to and its line type. */
    public record Number(String e164, String region, LineType lineType) {
        public boolean mobile() {
            return lineType == LineType.MOBILE;
        }
    }

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * Parses {@code stored} (E.164, international with 00, or national in {@code defaultRegion}) and checks it
     * against the numbering plan.
     *
     * @param defaultRegion ISO 3166-1 alpha-2 country code such as "DE"; may be null when every stored number is
     *                      international
     * @throws InvalidPhoneNumberException naming the (masked) number and what is wrong with it
     */
    public static Number normalise(String stored, String defaultRegion) {
        return normalise(stored, defaultRegion, false);
    }

    /**
     * Like {@link #normalise(String, String)}; with {@code allowFictional}, a number in a range the regulators keep
     * for drama and examples ({@link #fictional}) passes as a mobile, so the demo's books can be texted (to the
     * outbox folder). No such number reaches a handset.
     */
    public static Number normalise(String stored, String defaultRegion, boolean allowFictional) {
        String region = defaultRegion == null || defaultRegion.isBlank() ? null : defaultRegion.strip().toUpperCase(Locale.ROOT);
        if (region != null && !UTIL.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("default region '" + defaultRegion + "': not an ISO 3166 country code with a numbering plan");
        }
        if (stored == null || stored.isBlank()) {
            throw new InvalidPhoneNumberException("phone number: empty");
        }
        String masked = mask(stored);
        PhoneNumber n;
        try {
            n = UTIL.parse(stored, region == null ? "ZZ" : region);
        } catch (NumberParseException e) {
            throw new InvalidPhoneNumberException("phone number " + masked + ": " + switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> region == null
                        ? "no country code, and no default region to read it as a national number"
                        : "unknown country code";
                case NOT_A_NUMBER -> "not a phone number";
                case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
                case TOO_LONG -> "too long";
            });
        }
        ValidationResult length = UTIL.isPossibleNumberWithReason(n);
        switch (length) {
            case TOO_SHORT -> throw new InvalidPhoneNumberException("phone number " + masked + ": too short for " + regionOf(n));
            case TOO_LONG -> throw new InvalidPhoneNumberException("phone number " + masked + ": too long for " + regionOf(n));
            case INVALID_COUNTRY_CODE -> throw new InvalidPhoneNumberException("phone number " + masked + ": unknown country code +"
                    + n.getCountryCode());
            case INVALID_LENGTH -> throw new InvalidPhoneNumberException("phone number " + masked + ": no number in "
                    + regionOf(n) + " has this many digits");
            case IS_POSSIBLE, IS_POSSIBLE_LOCAL_ONLY -> {
                if (length == ValidationResult.IS_POSSIBLE_LOCAL_ONLY) {
                    throw new InvalidPhoneNumberException("phone number " + masked + ": a local number without its area code");
                }
            }
        }
        if (!UTIL.isValidNumber(n)) {
            String e164 = UTIL.format(n, PhoneNumberFormat.E164);
            if (allowFictional && fictional(e164)) {
                return new Number(e164, UTIL.getRegionCodeForNumber(n) != null ? UTIL.getRegionCodeForNumber(n)
                        : UTIL.getRegionCodeForCountryCode(n.getCountryCode()), LineType.MOBILE);
            }
            throw new InvalidPhoneNumberException("phone number " + masked + ": not a number in the numbering plan of " + regionOf(n)
                    + (fictional(e164) ? " (a range reserved for fiction; arrears.sms.fictional-numbers=true accepts it "
                    + "in a demo)" : ""));
        }
        String numberRegion = UTIL.getRegionCodeForNumber(n);
        return new Number(UTIL.format(n, PhoneNumberFormat.E164), numberRegion, lineType(UTIL.getNumberType(n)));
    }

    /**
     * Ranges kept for fiction and examples: Ofcom's drama mobiles +44 7700 900000–900999, ARCEP's +33 6 39 98 xx xx,
     * and the NANP's 555-0100–0199 in every area code.
     */
    public static boolean fictional(String e164) {
        return e164 != null && (e164.matches("\\+447700900\\d{3}") || e164.matches("\\+3363998\\d{4}")
                || e164.matches("\\+1[2-9]\\d{2}55501\\d{2}"));
    }

    /** True when {@code stored} normalises to a valid number; {@link #normalise} says why not. */
    public static boolean valid(String stored, String defaultRegion) {
        try {
            normalise(stored, defaultRegion);
            return true;
        } catch (InvalidPhoneNumberException e) {
            return false;
        }
    }

    /** A number for logs: the leading + or 00 and the last two digits kept, every other digit replaced by *. */
    public static String mask(String number) {
        if (number == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(number.length());
        long digits = number.chars().filter(Character::isDigit).count();
        int seen = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (Character.isDigit(c)) {
                seen++;
                out.append(seen > digits - 2 ? c : '*');
            } else if (c == '+' || c == ' ' || c == '-' || c == '(' || c == ')') {
                out.append(c);
            }
        }
        return "'" + out + "'";
    }

    private static String regionOf(PhoneNumber n) {
        String r = UTIL.getRegionCodeForCountryCode(n.getCountryCode());
        return "ZZ".equals(r) ? "+" + n.getCountryCode() : r + " (+" + n.getCountryCode() + ")";
    }

    private static LineType lineType(PhoneNumberUtil.PhoneNumberType type) {
        return switch (type) {
            case MOBILE -> LineType.MOBILE;
            case FIXED_LINE -> LineType.LANDLINE;
            case TOLL_FREE, PREMIUM_RATE, SHARED_COST, PAGER, UAN, VOICEMAIL -> LineType.SERVICE;
            case FIXED_LINE_OR_MOBILE, VOIP, PERSONAL_NUMBER, UNKNOWN -> LineType.UNKNOWN;
        };
    }
}
