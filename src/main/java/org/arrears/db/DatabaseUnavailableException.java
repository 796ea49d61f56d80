package org.arrears.db;

/**
 * The database cannot be reached or used (server down, wrong credentials, embedded data folder locked): the message
 * says what is wrong and what to do, for one line on the command line.
 */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message) {
        super(message);
    }

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
