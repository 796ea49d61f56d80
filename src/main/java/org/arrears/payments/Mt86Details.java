package org.arrears.payments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the information-to-account-owner field {@code :86:} of an MT940/MT942 transaction. Three conventions are
 * understood:
 *
 * <ul>
 *   <li>the German (Deutsche Kreditwirtschaft) structure used by German, Austrian, Polish and other banks: a
 *       three-digit business transaction code followed by sub-fields {@code ?00} posting text, {@code ?10} primanota,
 *       {@code ?20}-{@code ?29} purpose lines, {@code ?30} bank code / BIC, {@code ?31} account / IBAN,
 *       {@code ?32}-{@code ?33} counterparty name, {@code ?34} text key extension, {@code ?60}-{@code ?63} more
 *       purpose; inside the purpose the SEPA keywords {@code EREF+ KREF+ MREF+ CRED+ DEBT+ SVWZ+ ABWA+ ABWE+
 *       COAM+ OAMT+};</li>
 *   <li>the SWIFT code-word structure used by Dutch, Belgian, Swiss and other banks:
 *       {@code /TRTP/.../IBAN/.../BIC/.../NAME/.../REMI/.../EREF/.../RTRN/...} including {@code /CNTP/} and
 *       {@code /REMI/USTD//} or {@code /REMI/STRD/CUR/};</li>
 *   <li>free text, kept as remittance text (SEPA keywords are still recognised when present).</li>
 * </ul>
 */
final class Mt86Details {

    String remittance;
    String endToEndId;
    String payerName;
    String payerAccount;
    String structuredReference;
    String returnReason;
    String transactionCode;

    private static final Pattern DK_START = Pattern.compile("^\\s*(\\d{3})([^A-Za-z0-9\\s])(\\d{2})");
    private static final Pattern SEPA_KEYWORD = Pattern.compile(
            "(EREF|KREF|MREF|CRED|DEBT|COAM|OAMT|SVWZ|ABWA|ABWE|IBAN|BIC)\\+");
    private static final Set<String> SWIFT_CODES = Set.of("TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF",
            "CSID", "RTRN", "PREF", "ORDP", "BENM", "CNTP", "ULTC", "ULTD", "ULTB", "PURP", "ISDT", "ACCW", "CHGS",
            "OCMT", "ADDR", "IREF", "SVCL", "EXCH", "COAM", "KREF", "SRCE", "RREF", "BUSP", "CREF");
    private static final Pattern SWIFT_CODE = Pattern.compile("/([A-Z]{3,4})/");
    /** German business transaction codes of returned SEPA payments and direct debits. */
    private static final Set<String> DK_RETURN_CODES = Set.of("108", "109", "159", "181", "184", "190", "193");

    private Mt86Details() {
    }

    /** Parses the field content; lines are separated by {@code \n}. */
    static Mt86Details parse(String raw) {
        Mt86Details d = new Mt86Details();
        if (raw == null || raw.isBlank()) {
            return d;
        }
        String joined = raw.replace("\n", "");
        Matcher dk = DK_START.matcher(joined);
        if (dk.find()) {
            d.parseGerman(joined.substring(dk.start(1)), dk.group(1), dk.group(2).charAt(0));
        } else if (joined.trim().startsWith("/") && hasSwiftCodes(joined)) {
            d.parseSwift(joined.trim());
        } else if (SEPA_KEYWORD.matcher(joined).find() && joined.contains("SVWZ+")) {
            Map<String, String> kw = sepaKeywords(joined);
            d.applySepa(kw);
            if (d.remittance == null) {
                d.remittance = raw.trim();
            }
        } else {
            d.remittance = raw.strip();
        }
        if (d.structuredReference == null) {
            d.structuredReference = RfReference.find(d.remittance);
        }
        return d;
    }

    private void parseGerman(String s, String gvc, char sep) {
        transactionCode = gvc;
        Map<String, StringBuilder> fields = new LinkedHashMap<>();
        StringBuilder purpose = new StringBuilder();
        int i = 3;
        String code = null;
        StringBuilder cur = null;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == sep && i + 2 < s.length() && Character.isDigit(s.charAt(i + 1))
                    && Character.isDigit(s.charAt(i + 2))) {
                flushGerman(code, cur, fields, purpose);
                code = s.substring(i + 1, i + 3);
                cur = new StringBuilder();
                i += 3;
                continue;
            }
            if (cur != null) {
                cur.append(c);
            }
            i++;
        }
        flushGerman(code, cur, fields, purpose);

        String name = concat(fields.get("32"), fields.get("33"));
        payerName = blankToNull(name);
        String acct31 = blankToNull(str(fields.get("31")));
        String acct38 = blankToNull(str(fields.get("38")));
        // ?31 is the counterparty account (IBAN or domestic number); some banks add the IBAN in ?38
        payerAccount = acct31 != null ? acct31 : acct38;
        String p = purpose.toString();
        Map<String, String> kw = sepaKeywords(p);
        if (kw.isEmpty()) {
            remittance = blankToNull(p.strip());
        } else {
            applySepa(kw);
        }
        if (DK_RETURN_CODES.contains(gvc)) {
            returnReason = blankToNull(str(fields.get("34")));
        }
    }

    private static void flushGerman(String code, StringBuilder cur, Map<String, StringBuilder> fields,
                                    StringBuilder purpose) {
        if (code == null) {
            return;
        }
        int n = Integer.parseInt(code);
        if (n >= 20 && n <= 29) {
            purpose.append(cur);
        }
        fields.merge(code, cur, StringBuilder::append);
    }

    private void applySepa(Map<String, String> kw) {
        String eref = blankToNull(kw.get("EREF"));
        if (eref != null) {
            endToEndId = eref;
        }
        String svwz = blankToNull(kw.get("SVWZ"));
        if (svwz != null) {
            remittance = svwz;
        } else if (kw.containsKey("")) {
            remittance = blankToNull(kw.get(""));
        }
        if (payerAccount == null) {
            payerAccount = blankToNull(kw.get("IBAN"));
        }
    }

    /** Splits text at SEPA keywords; text before the first keyword is under the key "". */
    private static Map<String, String> sepaKeywords(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SEPA_KEYWORD.matcher(text);
        int last = 0;
        String key = null;
        while (m.find()) {
            String value = text.substring(last, m.start());
            if (key != null) {
                out.merge(key, value.strip(), (a, b) -> a + " " + b);
            } else if (!value.isBlank()) {
                out.put("", value.strip());
            }
            key = m.group(1);
            last = m.end();
        }
        if (key != null) {
            out.merge(key, text.substring(last).strip(), (a, b) -> a + " " + b);
        }
        return out;
    }

    private static boolean hasSwiftCodes(String s) {
        Matcher m = SWIFT_CODE.matcher(s);
        return m.find() && m.start() == s.indexOf('/') && SWIFT_CODES.contains(m.group(1));
    }

    private void parseSwift(String s) {
        // split at /CODE/ for known code words
        List<String[]> parts = new ArrayList<>();
        Matcher m = SWIFT_CODE.matcher(s);
        int from = 0;
        String code = null;
        int valueStart = 0;
        while (from < s.length() && m.find(from)) {
            if (!SWIFT_CODES.contains(m.group(1))) {
                from = m.start() + 1;
                continue;
            }
            if (code != null) {
                parts.add(new String[] {code, s.substring(valueStart, m.start())});
            }
            code = m.group(1);
            valueStart = m.end();
            from = m.end();
        }
        if (code != null) {
            parts.add(new String[] {code, s.substring(valueStart)});
        }
        for (String[] p : parts) {
            String value = trimSlashes(p[1]);
            switch (p[0]) {
                case "EREF" -> endToEndId = blankToNull(value);
                case "NAME" -> {
                    if (payerName == null) {
                        payerName = blankToNull(value);
                    }
                }
                case "IBAN" -> {
                    if (payerAccount == null) {
                        payerAccount = blankToNull(value);
                    }
                }
                case "CNTP" -> {
                    String[] sub = p[1].split("/", -1);
                    if (sub.length > 0 && payerAccount == null) {
                        payerAccount = blankToNull(sub[0].strip());
                    }
                    if (sub.length > 2 && payerName == null) {
                        payerName = blankToNull(sub[2].strip());
                    }
                }
                case "ORDP", "BENM" -> {
                    int ix = value.indexOf("NAME/");
                    if (ix >= 0 && payerName == null) {
                        String n = value.substring(ix + 5);
                        int end = n.indexOf('/');
                        payerName = blankToNull(end >= 0 ? n.substring(0, end) : n);
                    }
                }
                case "REMI" -> {
                    String v = value;
                    if (v.startsWith("USTD//")) {
                        v = v.substring(6);
                    } else if (v.startsWith("USTD/")) {
                        v = v.substring(5);
                    } else if (v.startsWith("STRD/")) {
                        String[] sub = v.split("/", -1);
                        // STRD/CUR/<reference> or STRD/ISO/<reference>
                        if (sub.length > 2) {
                            structuredReference = blankToNull(sub[2].strip());
                            v = sub[2];
                        }
                    }
                    remittance = blankToNull(trimSlashes(v));
                }
                case "RTRN" -> returnReason = blankToNull(value);
                default -> {
                }
            }
        }
    }

    private static String trimSlashes(String v) {
        String t = v.strip();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.strip();
    }

    private static String concat(StringBuilder a, StringBuilder b) {
        return (a == null ? "" : a.toString()) + (b == null ? "" : b.toString());
    }

    private static String str(StringBuilder sb) {
        return sb == null ? null : sb.toString();
    }

    private static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
