package org.arrears.console;

import org.arrears.db.Sql;

/**
 * The one place every console query is scoped to the user's creditors: a condition on a row's
 * {@code creditor_id} (debtor, task, payment of V10), bound as a parameter.
 */
public final class Scope {

    private Scope() {
    }

    /** {@code alias.creditor_id = ANY(?)} with the user's creditor ids. */
    public static Sql of(ConsoleUser user, String alias) {
        return new Sql().append(" " + alias + ".creditor_id = ANY(?) ", (Object) user.creditors().toArray(Long[]::new));
    }

    /** Throws {@link Forbidden} unless the user's creditors include this one. */
    public static void check(ConsoleUser user, long creditorId) {
        if (!user.creditors().contains(creditorId)) {
            throw new Forbidden("not one of your creditors");
        }
    }

    /** A request for something outside the user's role or creditors: answered 403. */
    public static final class Forbidden extends RuntimeException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** A request for something that is not there (or not in the user's creditors): answered 404. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}
