package org.arrears.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the hub's HTTP servers answer before any route sees a request:
 * <ul>
 *   <li>Requests the server refuses (a malformed path such as {@code /unsubscribe/%ZZ} or a malformed form is 400, a
 *       body or form field over the limit is 413) get a short plain-text answer and one DEBUG line. Without this,
 *       Vert.x logs each one at ERROR with a stack trace, so anyone could flood the log.</li>
 *   <li>Unless the administrator set camel.health.exposure-level=full, the management server's health view ignores
 *       the query parameters that would widen it ({@code exposureLevel}, {@code stackTrace}, {@code data}): callers
 *       see what the configured level allows (the overall UP or DOWN), however they ask.</li>
 * </ul>
 */
public final class HttpGuards {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGuards.class);

    private static final Map<Integer, String> TEXTS = Map.of(
            400, "Bad request.\n",
            413, "Request too large.\n",
            414, "Request URI too long.\n",
            431, "Request headers too large.\n");

    static final List<String> WIDENING_PARAMETERS = List.of("exposureLevel", "stackTrace", "data");

    private HttpGuards() {
    }

    /** Installs the guards on every HTTP server of the context (business and management); call once started. */
    public static void install(CamelContext ctx) {
        for (VertxPlatformHttpRouter router : ctx.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            replies(router);
            // a malformed path fails while the server's top router matches it, before the router of its context path
            Handler<HttpServerRequest> top = router.getServer().getServer().requestHandler();
            if (top instanceof Router r && r != router) {
                replies(r);
            }
            String level = ctx.getPropertiesComponent().resolveProperty("camel.health.exposure-level").orElse("default");
            if (router.isManagementServer() && !"full".equalsIgnoreCase(level)) {
                router.route().order(-1).handler(rc -> {
                    WIDENING_PARAMETERS.forEach(rc.request().params()::remove);
                    rc.next();
                });
            }
        }
    }

    private static void replies(Router router) {
        TEXTS.forEach((status, text) -> router.errorHandler(status, rc -> reply(rc, status, text)));
    }

    private static void reply(RoutingContext rc, int status, String text) {
        Throwable failure = rc.failure();
        LOG.debug("HTTP {} answered {}: {}", rc.request().method(), status,
                failure == null ? "refused by the server" : failure.getMessage());
        if (!rc.response().ended() && !rc.response().closed()) {
            rc.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
        }
    }
}
