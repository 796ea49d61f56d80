package org.arrears.console;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the console under {@code /console/} on the hub's business HTTP server (the Vert.x router of
 * camel-platform-http-vertx). Request bodies are limited by Vert.x Web's {@link BodyHandler}, sessions are Vert.x
 * Web's {@link SessionHandler} (cookie HttpOnly, SameSite=Strict, Secure behind TLS; in memory: sign in again after
 * a restart), and every form is checked by its {@link CSRFHandler} (the token is a hidden field of each form).
 * Pages and their forms are {@link Page}s; a form needs the role its action names, and a request outside the user's
 * creditors is answered 404.
 */
public final class Console {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    static final String BASE = "/console/";
    static final String SESSION_COOKIE = "arrears_console";
    static final String CSRF_FIELD = CSRFHandler.DEFAULT_HEADER_NAME;
    private static final String USER_KEY = "uid";
    private static final String FLASH_KEY = "flash";

    private final ConsoleServices services;
    private final Templates templates = new Templates();
    private final List<Page> pages;

    Console(ConsoleServices services, List<Page> pages) {
        this.services = services;
        this.pages = pages;
    }

    /** Mounts the console on the router of the hub's business server (unless arrears.console.enabled=false). */
    public static void install(org.apache.camel.CamelContext ctx, org.arrears.config.Hub hub) {
        ConsoleServices services = ConsoleServices.of(hub);
        if (!services.settings().enabled()) {
            return;
        }
        org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter router = ctx.getRegistry()
                .findByType(org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter.class).stream()
                .filter(x -> x.isMainServer()).findFirst().orElse(null);
        if (router == null) {
            LOG.warn("console not served: the hub has no business HTTP server (camel.server.enabled=false)");
            return;
        }
        new Console(services, Pages.all()).mount(router, router.vertx());
        new Api(services, Pages.all()).mount(router, router.vertx());
        LOG.info("console served at {}, its JSON API at {}", BASE, Api.BASE);
    }

    void mount(Router top, Vertx vertx) {
        ConsoleSettings s = services.settings();
        Router r = Router.router(vertx);
        // a refused request (CSRF 403, body 413, malformed form 400) gets a short answer and one DEBUG line, not a
        // stack trace at ERROR for each (anyone could flood the log)
        r.route().failureHandler(rc -> {
            int status = rc.statusCode() < 400 ? 500 : rc.statusCode();
            LOG.debug("console request refused with {}: {}", status, rc.failure() == null ? "-" : rc.failure().getMessage());
            if (!rc.response().ended()) {
                plain(rc, status, status == 403 ? "Forbidden: the form has no valid CSRF token; reload the page.\n"
                        : status == 413 ? "Request too large.\n" : "The request was refused.\n");
            }
        });
        r.route().handler(BodyHandler.create(false).setBodyLimit(s.bodyLimit()).setHandleFileUploads(false));
        r.route().handler(rc -> {
            rc.response().putHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
                    .putHeader("X-Frame-Options", "DENY").putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            rc.next();
        });
        r.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true)
                .setDirectoryListing(false));
        r.route("/assets/*").handler(StaticHandler.create("org/arrears/console/assets").setDirectoryListing(false));
        r.route().handler(SessionHandler.create(LocalSessionStore.create(vertx)).setSessionCookieName(SESSION_COOKIE)
                .setSessionCookiePath(BASE).setCookieHttpOnlyFlag(true).setCookieSameSite(CookieSameSite.STRICT)
                .setCookieSecureFlag(s.secureCookie()).setSessionTimeout(s.sessionTimeout().toMillis()).setNagHttps(false));
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        r.route().handler(CSRFHandler.create(vertx, Base64.getEncoder().encodeToString(secret)).setCookiePath(BASE)
                .setCookieHttpOnly(true).setCookieSecure(s.secureCookie()).setNagHttps(false)
                .setTimeout(s.sessionTimeout().toMillis()));
        r.get("/login").handler(rc -> html(rc, 200, loginPage(rc, null)));
        r.post("/login").blockingHandler(this::login, false);
        r.post("/logout").handler(rc -> {
            rc.session().destroy();
            redirect(rc, "login");
        });
        r.route().blockingHandler(this::authenticate, false);
        r.get("/").handler(rc -> redirect(rc, "worklist"));
        // a report as a file: the Reports page's table for the user's creditors, as CSV or XLSX
        r.get("/reports/export").blockingHandler(this::export, false);
        for (Page page : pages) {
            r.get("/" + page.path()).blockingHandler(rc -> show(rc, page), false);
            page.actions().forEach((name, action) ->
                    r.post("/" + page.path() + "/" + name).blockingHandler(rc -> act(rc, page, action), false));
        }
        // ahead of the routes of platform-http consumers, which Camel adds as they start
        top.route(HttpMethod.GET, "/console").order(-10).handler(rc -> redirect(rc, ""));
        top.route("/console/*").order(-10).subRouter(r);
    }

    private void login(RoutingContext rc) {
        String name = rc.request().getFormAttribute("name");
        String password = rc.request().getFormAttribute("password");
        Users.SignIn result = services.users().signIn(name, password == null ? new char[0] : password.toCharArray());
        if (result.outcome() != Users.Outcome.OK) {
            html(rc, 401, loginPage(rc, result.outcome() == Users.Outcome.LOCKED
                    ? "Too many failed attempts: this user is locked for a while." : "Wrong user name or password."));
            return;
        }
        Session session = rc.session();
        session.regenerateId();
        session.put(USER_KEY, result.user().id());
        redirect(rc, "worklist");
    }

    private String loginPage(RoutingContext rc, String error) {
        Map<String, Object> m = new HashMap<>();
        m.put("csrf", csrf(rc));
        m.put("csrfField", CSRF_FIELD);
        m.put("error", error == null ? "" : error);
        m.put("base", BASE);
        return templates.render("login", m);
    }

    private void authenticate(RoutingContext rc) {
        Session session = rc.session();
        Long id = session == null ? null : session.get(USER_KEY);
        Optional<ConsoleUser> user = id == null ? Optional.empty() : services.users().find(id);
        if (user.isEmpty()) {
            if (rc.request().method() == HttpMethod.GET) {
                redirect(rc, "login");
            } else {
                rc.response().setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8").end("Sign in first.\n");
            }
            return;
        }
        rc.put(USER_KEY, user.get());
        rc.next();
    }

    private void show(RoutingContext rc, Page page) {
        ConsoleUser user = rc.get(USER_KEY);
        try {
            if (!user.may(page.reads())) {
                throw new Scope.Forbidden("your role cannot read this page");
            }
            Map<String, Object> m = new HashMap<>(page.model(request(rc, user)));
            m.put("user", Map.of("name", user.name(), "role", user.role().label(), "canAct", user.may(Role.AGENT),
                    "canApprove", user.may(Role.MANAGER)));
            List<Map<String, String>> nav = new ArrayList<>();
            for (Page p : pages) {
                if (p.navigation() != null && user.may(p.reads())) {
                    nav.add(Map.of("label", p.navigation(), "href", BASE + p.path(), "current", String.valueOf(p == page)));
                }
            }
            m.put("nav", nav);
            m.put("title", page.title());
            m.put("csrf", csrf(rc));
            m.put("csrfField", CSRF_FIELD);
            m.put("base", BASE);
            m.put("path", BASE + resolved(page.path(), rc));
            Object flash = rc.session().remove(FLASH_KEY);
            m.put("flash", flash == null ? "" : flash.toString());
            html(rc, 200, templates.render(page.template(), m));
        } catch (Scope.Forbidden e) {
            plain(rc, 403, "Forbidden: " + e.getMessage() + ".\n");
        } catch (Scope.NotFound e) {
            plain(rc, 404, "Not found.\n");
        } catch (IllegalArgumentException e) {
            plain(rc, 400, e.getMessage() + "\n");
        } catch (SQLException | RuntimeException e) {
            LOG.warn("console page {} failed: {}", page.path(), e.toString());
            LOG.debug("console page failure", e);
            plain(rc, 500, "The page could not be shown.\n");
        }
    }

    private void export(RoutingContext rc) {
        ConsoleUser user = rc.get(USER_KEY);
        try {
            PageRequest req = request(rc, user);
            String format = req.query("format") == null ? "csv" : req.query("format");
            if (!format.equals("csv") && !format.equals("xlsx")) {
                throw new IllegalArgumentException("format " + format + ": expected csv or xlsx");
            }
            org.arrears.report.ReportTable t = ReportsPage.table(req);
            String name = (req.query("report") == null ? "aging" : req.query("report")).replaceAll("[^a-z]", "")
                    + "-" + (req.query("as_of") == null ? services.today() : req.query("as_of")).toString().replaceAll("[^0-9-]", "");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            if (format.equals("csv")) {
                try (java.io.Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8)) {
                    org.arrears.report.CsvExport.write(t, w);
                }
            } else {
                org.arrears.report.XlsxExport.write(t, out);
            }
            Work.inTransaction(services.ds(), c -> {
                Audit.record(c, user.name(), "report.export", name + "." + format, null, null);
                return null;
            });
            rc.response().setStatusCode(200)
                    .putHeader("Content-Type", format.equals("csv") ? "text/csv; charset=utf-8"
                            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"")
                    .putHeader("Cache-Control", "no-store")
                    .end(io.vertx.core.buffer.Buffer.buffer(out.toByteArray()));
        } catch (IllegalArgumentException e) {
            plain(rc, 400, e.getMessage() + "\n");
        } catch (java.io.IOException | SQLException | RuntimeException e) {
            LOG.warn("console export failed: {}", e.toString());
            plain(rc, 500, "The report could not be exported.\n");
        }
    }

    private void act(RoutingContext rc, Page page, Page.Action action) {
        ConsoleUser user = rc.get(USER_KEY);
        String back = resolved(page.path(), rc);
        try {
            if (!user.may(action.needs())) {
                throw new Scope.Forbidden("your role (" + user.role().label() + ") cannot do this");
            }
            String next = action.run().run(request(rc, user));
            redirect(rc, next == null ? back : next);
        } catch (Scope.Forbidden e) {
            plain(rc, 403, "Forbidden: " + e.getMessage() + ".\n");
        } catch (Scope.NotFound e) {
            plain(rc, 404, "Not found.\n");
        } catch (IllegalArgumentException e) {
            rc.session().put(FLASH_KEY, e.getMessage());
            redirect(rc, back);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("console action on {} failed: {}", page.path(), e.toString());
            plain(rc, 500, "The action failed; nothing was changed.\n");
        }
    }

    private PageRequest request(RoutingContext rc, ConsoleUser user) {
        return new PageRequest(user, rc.pathParams(), lists(rc.queryParams()), lists(rc.request().formAttributes()), services);
    }

    private static Map<String, List<String>> lists(MultiMap m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : m.names()) {
            out.put(name, m.getAll(name));
        }
        return out;
    }

    private static String resolved(String path, RoutingContext rc) {
        String out = path;
        for (Map.Entry<String, String> e : rc.pathParams().entrySet()) {
            out = out.replace(":" + e.getKey(), e.getValue());
        }
        return out;
    }

    private static String csrf(RoutingContext rc) {
        Object token = rc.get(CSRF_FIELD);
        return token == null ? "" : token.toString();
    }

    private static void redirect(RoutingContext rc, String to) {
        rc.response().setStatusCode(303).putHeader("Location", BASE + to).end();
    }

    private static void html(RoutingContext rc, int status, String body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(body);
    }

    private static void plain(RoutingContext rc, int status, String text) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
    }
}
