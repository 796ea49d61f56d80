package org.arrears.console;

import java.util.List;

/**
 * A signed-in console user: its role and the creditors (creditor.id) it is granted. Every query a page runs is
 * scoped to {@link #creditors()} through {@link Scope}.
 */
public record ConsoleUser(long id, String name, Role role, List<Long> creditors) {

    public ConsoleUser {
        creditors = List.copyOf(creditors);
    }

    public boolean may(Role needed) {
        return role.atLeast(needed);
    }
}
