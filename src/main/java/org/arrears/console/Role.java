package org.arrears.console;

import java.util.Locale;

/** What a console user may do; each role may do what the roles before it may. */
public enum Role {
    /** Reads every page of its creditors, acts on nothing. */
    VIEWER,
    /** Works the worklist and the debtors: calls, promises, disputes, holds, manual matches. */
    AGENT,
    /** Also approves campaigns. */
    MANAGER,
    /** Also manages users. */
    ADMIN;

    public boolean atLeast(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    /** The role named (any case); a short error naming the input otherwise. */
    public static Role parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--role " + value + ": must be viewer, agent, manager or admin");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
