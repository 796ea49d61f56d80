package org.arrears.console;

import java.sql.SQLException;
import java.util.Map;

/**
 * One page of the console: a FreeMarker template ({@code pages/<template>.ftlh}) and this small class, which says
 * where the page lives under {@code /console/}, who may read it, what its template gets, and the forms it takes.
 * Adding a page: write the template, subclass this, and list the class in {@link Pages#all}.
 */
public abstract class Page {

    /** A form the page takes, posted to {@code /console/<path>/<name>}; it answers with where to go next. */
    public record Action(Role needs, Run run) {
    }

    @FunctionalInterface
    public interface Run {
        /** Does the action (audited) and returns the page to show next, relative to /console/, or null for this one. */
        String run(PageRequest r) throws SQLException;
    }

    /** The path under /console/, with {@code :name} parameters: "worklist", "debtors/:id". */
    public abstract String path();

    /** The template's name under pages/, without .ftlh. */
    public abstract String template();

    public abstract String title();

    /** The label in the navigation bar, or null for a page reached by links only. */
    public String navigation() {
        return null;
    }

    /** The least role that may read the page. */
    public Role reads() {
        return Role.VIEWER;
    }

    /** What the template gets besides the layout's user, navigation and CSRF token. */
    public abstract Map<String, Object> model(PageRequest r) throws SQLException;

    /** The page's forms by name. */
    public Map<String, Action> actions() {
        return Map.of();
    }
}
