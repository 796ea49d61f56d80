package org.arrears.console;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * What a page or a form gets: the signed-in user, the path parameters, the query and the form fields, and the
 * hub's parts ({@link ConsoleServices}). Malformed input gets a short error naming the field.
 */
public final class PageRequest {

    private final ConsoleUser user;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> form;
    private final ConsoleServices services;

    public PageRequest(ConsoleUser user, Map<String, String> pathParams, Map<String, List<String>> query,
                       Map<String, List<String>> form, ConsoleServices services) {
        this.user = user;
        this.pathParams = pathParams;
        this.query = query;
        this.form = form;
        this.services = services;
    }

    public ConsoleUser user() {
        return user;
    }

    public ConsoleServices services() {
        return services;
    }

    /** A path parameter that must be a positive id; anything else is "not found". */
    public long id(String name) {
        String v = pathParams.get(name);
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // below
        }
        throw new Scope.NotFound(name + " '" + v + "' is not an id");
    }

    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).trim();
    }

    public int queryInt(String name, int fallback, int min, int max) {
        String v = query(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public String form(String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).trim();
    }

    public List<String> formAll(String name) {
        return form.getOrDefault(name, List.of()).stream().filter(s -> !s.isBlank()).toList();
    }

    public String required(String name) {
        String v = form(name);
        if (v == null) {
            throw new IllegalArgumentException(name + ": required");
        }
        if (v.length() > 2000) {
            throw new IllegalArgumentException(name + ": at most 2000 characters");
        }
        return v;
    }

    public LocalDate date(String name, boolean required) {
        String v = required ? required(name) : form(name);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + v + "': not a date (YYYY-MM-DD)");
        }
    }

    public BigDecimal amount(String name, boolean required) {
        String v = required ? required(name) : form(name);
        if (v == null) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v.replace(",", ""));
            if (d.signum() <= 0 || d.scale() > 2 || d.precision() - d.scale() > 16) {
                throw new IllegalArgumentException(name + " '" + v + "': must be a positive amount with at most 2 decimals");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + v + "': not an amount");
        }
    }

    public long formId(String name) {
        String v = required(name);
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + " '" + v + "': not an id");
    }

    public List<Long> formIds(String name) {
        return formAll(name).stream().map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " '" + v + "': not an id");
            }
        }).toList();
    }
}
