package org.arrears.payments;

/**
 * A bank file that cannot be read or fails validation. Carries the file name, where in the file the problem is
 * ("line 14", "record 7", or an element path such as {@code /Document/BkToCstmrStmt/Stmt[2]/Ntry[5]/Amt}) and
 * what the problem is.
 *
 * <p>A hostile file must not make its error hostile too: the location and the problem are cut to a bounded length
 * (the message is at most about 1 kB, whatever the file holds), and control characters copied from the file are
 * written as {@code \u0000}-style escapes, so the message is safe for a log line, the error report and the
 * database (PostgreSQL text cannot hold NUL).
 */
public class BankFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final String location;
    private final String problem;

    public BankFileException(String fileName, String location, String problem) {
        this(fileName, location, problem, null);
    }

    /** Longest file name, location and problem kept, in characters. */
    static final int MAX_NAME = 160;
    static final int MAX_LOCATION = 300;
    static final int MAX_PROBLEM = 500;

    public BankFileException(String fileName, String location, String problem, Throwable cause) {
        this(bounded(fileName, MAX_NAME), bounded(location, MAX_LOCATION), bounded(problem, MAX_PROBLEM), cause, true);
    }

    private BankFileException(String fileName, String location, String problem, Throwable cause, boolean bounded) {
        super(message(fileName, location, problem), cause);
        this.fileName = fileName;
        this.location = location;
        this.problem = problem;
    }

    /**
     * The text as it may be shown: control characters escaped, and when longer than {@code max} its start and end
     * with the number of characters left out between them.
     */
    static String bounded(String s, int max) {
        if (s == null) {
            return null;
        }
        String escaped = escape(cut(s, max));
        // escapes lengthen the text: cut again so that the bound holds whatever the file held
        return escaped.length() > max ? cut(escaped, max) : escaped;
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int head = max * 2 / 3;
        int tail = max - head - 40;
        return s.substring(0, head) + " \u2026(" + (s.length() - head - tail) + " characters left out)\u2026 "
                + s.substring(s.length() - tail);
    }

    private static String escape(String s) {
        int i = 0;
        while (i < s.length() && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }

    private static String message(String fileName, String location, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(fileName == null ? "<unnamed>" : fileName);
        if (location != null && !location.isEmpty()) {
            sb.append(", ").append(location);
        }
        sb.append(": ").append(problem);
        return sb.toString();
    }

    /** The display name of the file. */
    public String fileName() {
        return fileName;
    }

    /** Where the problem is: a line or record number, or an XML element path; may be empty for whole-file problems. */
    public String location() {
        return location;
    }

    /** What is wrong. */
    public String problem() {
        return problem;
    }
}
