package org.arrears.payments;

/**
 * A bank file that cannot be read or fails validation. Carries the file name, where in the file the problem is
 * ("line 14", "record 7", or an element path such as {@code /Document/BkToCstmrStmt/Stmt[2]/Ntry[5]/Amt}) and
 * what the problem is.
 */
public class BankFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final String location;
    private final String problem;

    public BankFileException(String fileName, String location, String problem) {
        this(fileName, location, problem, null);
    }

    public BankFileException(String fileName, String location, String problem, Throwable cause) {
        super(message(fileName, location, problem), cause);
        this.fileName = fileName;
        this.location = location;
        this.problem = problem;
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
