package org.arrears.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /api/}: the console's pages and forms, the same data and actions, for a bearer token of a
 * user ({@code ./arrears user token NAME}). {@code GET /api/<page path>} answers the page's model as JSON,
 * {@code POST /api/<page path>/<form>} runs the form (fields as a JSON object, or form-encoded) with the role it needs
 * and answers {@code {"ok": true}}; errors are {@code {"error": "..."}} with 400, 401, 403 or 404. No cookie is used,
 * so no CSRF token is needed. The OpenAPI description is served at {@code /api/openapi.yaml}.
 */
final class Api {

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    static final String BASE = "/api/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_KEY = "apiUser";

    private final ConsoleServices services;
    private final List<Page> pages;

    Api(ConsoleServices services, List<Page> pages) {
        this.services = services;
        this.pages = pages;
    }

    void mount(Router top, Vertx vertx) {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create(false).setBodyLimit(services.settings().bodyLimit()).setHandleFileUploads(false));
        r.get("/openapi.yaml").handler(this::openApi);
        r.route().blockingHandler(this::authenticate, false);
        for (Page page : pages) {
            r.get("/" + page.path()).blockingHandler(rc -> read(rc, page), false);
            page.actions().forEach((name, action) ->
                    r.post("/" + page.path() + "/" + name).blockingHandler(rc -> act(rc, page, action), false));
        }
        r.route().handler(rc -> json(rc, 404, Map.of("error", "no such endpoint")));
        top.route("/api/*").order(-10).subRouter(r);
    }

    private void openApi(RoutingContext rc) {
        try (InputStream in = Api.class.getResourceAsStream("/org/arrears/console/openapi.yaml")) {
            rc.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
        } catch (IOException | NullPointerException e) {
            json(rc, 500, Map.of("error", "the OpenAPI description cannot be read"));
        }
    }

    private void authenticate(RoutingContext rc) {
        String header = rc.request().getHeader("Authorization");
        Optional<ConsoleUser> user = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? services.users().byToken(header.substring(7).trim()) : Optional.empty();
        if (user.isEmpty()) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            json(rc, 401, Map.of("error", "a valid bearer token is required"));
            return;
        }
        rc.put(USER_KEY, user.get());
        rc.next();
    }

    private void read(RoutingContext rc, Page page) {
        ConsoleUser user = rc.get(USER_KEY);
        answer(rc, page.path(), () -> {
            if (!user.may(page.reads())) {
                throw new Scope.Forbidden("your role cannot read this page");
            }
            return page.model(request(rc, user, Map.of()));
        });
    }

    private void act(RoutingContext rc, Page page, Page.Action action) {
        ConsoleUser user = rc.get(USER_KEY);
        answer(rc, page.path(), () -> {
            if (!user.may(action.needs())) {
                throw new Scope.Forbidden("your role (" + user.role().label() + ") cannot do this");
            }
            action.run().run(request(rc, user, fields(rc)));
            return Map.of("ok", true);
        });
    }

    @FunctionalInterface
    private interface Answer {
        Map<String, Object> get() throws SQLException;
    }

    private static void answer(RoutingContext rc, String path, Answer answer) {
        try {
            json(rc, 200, answer.get());
        } catch (Scope.Forbidden e) {
            json(rc, 403, Map.of("error", e.getMessage()));
        } catch (Scope.NotFound e) {
            json(rc, 404, Map.of("error", "not found"));
        } catch (IllegalArgumentException e) {
            json(rc, 400, Map.of("error", e.getMessage()));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("API {} failed: {}", path, e.toString());
            json(rc, 500, Map.of("error", "the request failed; nothing was changed"));
        }
    }

    /** The request's fields: a JSON object (arrays for repeated fields) or form fields. */
    private static Map<String, List<String>> fields(RoutingContext rc) {
        String type = rc.request().getHeader("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            rc.request().formAttributes().names().forEach(n -> out.put(n, rc.request().formAttributes().getAll(n)));
            return out;
        }
        JsonNode node;
        try {
            node = JSON.readTree(rc.body().asString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body: not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("body: must be a JSON object of fields");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else if (!e.getValue().isNull()) {
                values.add(e.getValue().asText());
            }
            out.put(e.getKey(), values);
        }
        return out;
    }

    private PageRequest request(RoutingContext rc, ConsoleUser user, Map<String, List<String>> form) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        rc.queryParams().names().forEach(n -> query.put(n, rc.queryParams().getAll(n)));
        return new PageRequest(user, rc.pathParams(), query, form, services);
    }

    private static void json(RoutingContext rc, int status, Map<String, ?> body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 500;
            text = "{\"error\": \"the answer cannot be written\"}";
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(text);
    }
}
