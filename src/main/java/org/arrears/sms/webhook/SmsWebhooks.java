package org.arrears.sms.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.arrears.ar.ArSource;
import org.arrears.compliance.Channel;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.db.Sql;
import org.arrears.inbound.ReplyActions;
import org.arrears.metrics.HubMetrics;
import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.Receipt;
import org.arrears.outreach.ReceiptSink;
import org.arrears.sms.PhoneNumbers;
import org.arrears.sms.SmsEncoding;
import org.arrears.sms.SmsGateway;
import org.arrears.sms.SmsKeywords;
import org.arrears.sms.SmsMessage;
import org.arrears.sms.WebhookSignatures;
import org.arrears.util.Sha256;
import org.arrears.web.OptOutResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS providers' webhooks: {@code POST /sms/status/<profile>} (delivery status callbacks, applied as
 * {@link Receipt}s) and {@code POST /sms/inbound/<profile>} (texts from debtors: keywords and replies, see
 * {@link InboundTexts}). Each request is checked with {@link WebhookSignatures} first: unsigned, forged or replayed
 * requests are answered 403, counted ({@code arrears_webhook_refused_total{profile,reason}}) and logged without their
 * body. The accepted signature is kept in {@code webhook_signature_seen} by the transaction that applies the request,
 * so a replay is refused while a request whose processing failed can be sent again.
 *
 * <p>Texts back to the sender (the opt-out confirmation, the help text) go through the {@link SmsGateway} after the
 * commit; when the gateway fails, what the text did (an opt-out) still holds, and the failure is logged and counted
 * ({@code arrears_webhook_replies_failed_total}).
 */
public final class SmsWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(SmsWebhooks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TWIML_EMPTY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>\n";

    private final Map<String, WebhookProfile> profiles;
    private final DataSource ds;
    private final ReceiptSink receipts;
    private final SmsGateway gateway;
    private final HubMetrics metrics;
    private final Clock clock;
    private final String publicUrl;
    private final InboundTexts inbound;

    SmsWebhooks(Map<String, WebhookProfile> profiles, DataSource ds, ReceiptSink receipts, SmsGateway gateway,
                HubMetrics metrics, Clock clock, String publicUrl, InboundTexts inbound) {
        this.profiles = Map.copyOf(profiles);
        this.ds = ds;
        this.receipts = receipts;
        this.gateway = gateway;
        this.metrics = metrics;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.inbound = inbound;
    }

    /**
     * The webhooks of the profiles {@code arrears.sms.webhook.profiles} lists, with the confirmation and help texts
     * ({@code arrears.sms.webhook.confirmation-text}, {@code .help-text}, with {@code {brand}} and {@code {support}});
     * fails with a {@link ConfigException} naming the setting that is missing or invalid.
     */
    public static SmsWebhooks from(Settings s, DataSource ds, ReceiptSink receipts, SmsGateway gateway, HubMetrics metrics,
                                   Clock clock, ReplyActions actions) {
        String p = WebhookProfile.PREFIX;
        String brand = s.get(p + "brand", s.get("arrears.company.name", ""));
        if (brand.isBlank()) {
            throw new ConfigException(s.origin() + ": required setting '" + p + "brand' (or arrears.company.name) is missing: "
                    + "the opt-out confirmation and the help text name the brand (R26)");
        }
        String support = s.get(p + "support", s.get("arrears.company.phone", s.get("arrears.company.website", "")));
        String confirmation = text(s, p + "confirmation-text",
                "{brand}: we received your request. You will get no further messages from us at this number.", brand, support);
        String help = text(s, p + "help-text",
                "{brand}: messages about your account. Help: {support}. Msg&data rates may apply. Reply STOP to opt out.",
                brand, support);
        if (!confirmation.contains(brand)) {
            throw new ConfigException(s.origin() + ": setting '" + p + "confirmation-text' must name the brand ({brand}, R26)");
        }
        if (!help.contains(brand) || !help.contains("STOP")) {
            throw new ConfigException(s.origin() + ": setting '" + p + "help-text' must name the brand ({brand}) and say "
                    + "\"Reply STOP to opt out\" (R26)");
        }
        if (support.isBlank() && s.get(p + "help-text") == null) {
            throw new ConfigException(s.origin() + ": setting '" + p + "support' (or arrears.company.phone) is missing: the "
                    + "help text gives a support contact (R26)");
        }
        InboundTexts texts = new InboundTexts(new SmsKeywords(), ArSource.from(s).debtors(), confirmation, help, actions);
        return new SmsWebhooks(WebhookProfile.all(s), ds, receipts, gateway, metrics, clock,
                s.get("arrears.web.public-url", "http://localhost:8080"), texts);
    }

    /** A short plain-text answer (the opt-out endpoint's answer type: status, content type, text). */
    private static OptOutResponse plain(int status, String text) {
        return new OptOutResponse(status, "text/plain; charset=utf-8", text + "\n");
    }

    private static String text(Settings s, String key, String fallback, String brand, String support) {
        return s.get(key, fallback).replace("{brand}", brand).replace("{support}", support);
    }

    public Collection<String> profiles() {
        return profiles.keySet();
    }

    // ---- the two endpoints ---------------------------------------------------------------------------------------

    /**
     * A delivery status callback.
     *
     * @param headers the request's headers (names in any case); only the profile's signature headers are read
     * @param body    what the HTTP server made of the body: a map of form fields for a form post, else anything
     * @param raw     the body's bytes exactly as received (used for a generic profile's signature and JSON)
     * @param query   the request's query string, or null
     */
    public OptOutResponse status(String method, String profileName, Map<String, Object> headers, Object body, byte[] raw,
                                  String query) throws SQLException {
        return handle(Kind.STATUS, method, profileName, headers, body, raw, query);
    }

    /** An inbound text; parameters as {@link #status}. */
    public OptOutResponse inbound(String method, String profileName, Map<String, Object> headers, Object body, byte[] raw,
                                   String query) throws SQLException {
        return handle(Kind.INBOUND, method, profileName, headers, body, raw, query);
    }

    private enum Kind {
        STATUS("status"), INBOUND("inbound");

        final String path;

        Kind(String path) {
            this.path = path;
        }
    }

    /** A request the profile cannot read: answered 400 with the message. */
    public static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private OptOutResponse handle(Kind kind, String method, String profileName, Map<String, Object> headers, Object body,
                                   byte[] raw, String query) throws SQLException {
        WebhookProfile profile = profileName == null ? null : profiles.get(profileName);
        if (profile == null) {
            LOG.debug("SMS {} webhook for an unknown profile answered 404", kind.path);
            return plain(404, "No SMS webhook here.");
        }
        if (!"POST".equalsIgnoreCase(method)) {
            return plain(405, "Use POST.");
        }
        byte[] bytes = raw == null ? new byte[0] : raw;
        List<Map.Entry<String, String>> form = profile.type() == WebhookProfile.Type.TWILIO ? form(body) : null;
        List<InboundTexts.Reply> replies = List.of();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                WebhookSignatures.Check check = verify(c, profile, kind, headers, form, bytes, query);
                if (!check.accepted()) {
                    c.rollback();
                    String reason = check.verdict().name().toLowerCase(Locale.ROOT);
                    metrics.webhookRefused(profile.name(), reason);
                    LOG.warn("SMS {} webhook on profile {} refused ({}): {}", kind.path, profile.name(), reason, check.reason());
                    return plain(403, switch (check.verdict()) {
                        case UNSIGNED -> "Refused: the request is not signed.";
                        case FORGED -> "Refused: the signature does not match the request.";
                        default -> "Refused: this request was seen before or is too old.";
                    });
                }
                OptOutResponse answer;
                if (kind == Kind.STATUS) {
                    answer = applyStatus(c, profile, form, bytes);
                } else {
                    InboundTexts.Handled handled = inbound.handle(c, readText(profile, form, bytes), clock.instant());
                    replies = handled.replies();
                    answer = profile.type() == WebhookProfile.Type.TWILIO
                            ? new OptOutResponse(200, "application/xml; charset=utf-8", TWIML_EMPTY)
                            : plain(200, "OK");
                }
                c.commit();
                send(profile.name(), replies);
                return answer;
            } catch (BadRequest e) {
                c.rollback();
                LOG.info("SMS {} webhook on profile {} answered 400: {}", kind.path, profile.name(), e.getMessage());
                return plain(400, e.getMessage());
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    // ---- signatures ----------------------------------------------------------------------------------------------

    private WebhookSignatures.Check verify(Connection c, WebhookProfile profile, Kind kind, Map<String, Object> headers,
                                           List<Map.Entry<String, String>> form, byte[] raw, String query)
            throws SQLException {
        Instant now = clock.instant();
        prune(c, now);
        WebhookSignatures signatures = new WebhookSignatures(clock, profile.window(),
                (key, forgetAfter) -> firstSeen(c, profile.name(), key, forgetAfter));
        if (profile.type() == WebhookProfile.Type.TWILIO) {
            String url = publicUrl + "/sms/" + kind.path + "/" + profile.name()
                    + (query == null || query.isEmpty() ? "" : "?" + query);
            if (WebhookSignatures.hasBodyHash(url)) {
                return signatures.verifyTwilioBody(profile.secret(), url, raw, header(headers, WebhookSignatures.TWILIO_HEADER));
            }
            return signatures.verifyTwilio(profile.secret(), url, form == null ? List.of() : form,
                    header(headers, WebhookSignatures.TWILIO_HEADER));
        }
        String timestamp = profile.timestampHeader() == null ? now.toString() : header(headers, profile.timestampHeader());
        return signatures.verifyGeneric(profile.secret(), profile.signed(), raw, header(headers, profile.signatureHeader()),
                timestamp);
    }

    /** Forgets signatures past their window; rows another request is deleting right now are left to it. */
    private static void prune(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                DELETE FROM webhook_signature_seen WHERE key IN (
                  SELECT key FROM webhook_signature_seen WHERE forget_after < ? LIMIT 1000 FOR UPDATE SKIP LOCKED)""",
                now).prepare(c)) {
            ps.executeUpdate();
        }
    }

    /** In the request's transaction: a concurrent request with the same signature waits for it, then is refused. */
    private static boolean firstSeen(Connection c, String profile, String key, Instant forgetAfter) {
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO webhook_signature_seen (key, profile, forget_after) VALUES (?, ?, ?)
                ON CONFLICT (key) DO NOTHING""",
                profile + ":" + Sha256.hex(key.getBytes(StandardCharsets.UTF_8)), profile, forgetAfter).prepare(c)) {
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("recording a webhook signature failed: " + e.getMessage(), e);
        }
    }

    /** A header's value by name in any case; the first of a repeated one. */
    static String header(Map<String, Object> headers, String name) {
        if (headers == null) {
            return null;
        }
        Object v = headers.get(name);
        if (v == null) {
            for (Map.Entry<String, Object> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        if (v instanceof List<?> list) {
            v = list.isEmpty() ? null : list.get(0);
        }
        return v == null ? null : v.toString();
    }

    /** The form fields of a form post, every value of a repeated name; null when the body is not a form. */
    static List<Map.Entry<String, String>> form(Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            return null;
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        map.forEach((k, v) -> {
            if (v instanceof Collection<?> values) {
                values.forEach(x -> out.add(new AbstractMap.SimpleImmutableEntry<>(k.toString(), x == null ? "" : x.toString())));
            } else {
                out.add(new AbstractMap.SimpleImmutableEntry<>(k.toString(), v == null ? "" : v.toString()));
            }
        });
        return out;
    }

    private static String field(List<Map.Entry<String, String>> form, String name) {
        return form.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static String required(List<Map.Entry<String, String>> form, String name) throws BadRequest {
        String v = field(form, name);
        if (v == null || v.isBlank()) {
            throw new BadRequest("form field " + name + ": missing");
        }
        return v.strip();
    }

    // ---- status callbacks ----------------------------------------------------------------------------------------

    private OptOutResponse applyStatus(Connection c, WebhookProfile profile, List<Map.Entry<String, String>> form, byte[] raw)
            throws BadRequest, SQLException {
        List<Receipt> list = receipts(profile, form, raw, clock.instant());
        ReceiptSink.Applied applied = receipts.apply(c, list); // in the transaction that keeps the request's signature
        if (applied.unmatched() > 0) {
            LOG.info("SMS status callback on profile {}: {} of {} receipts name no SMS message the hub sent", profile.name(),
                    applied.unmatched(), list.size());
        }
        LOG.debug("SMS status callback on profile {}: {}", profile.name(), applied);
        return plain(200, "OK");
    }

    /**
     * The receipts a status callback's body carries, read as the webhook reads them, without the database.
     *
     * @param form the form fields of a Twilio callback (see {@link #form}), else null
     * @param raw  the body's bytes (a generic profile's JSON)
     * @throws BadRequest naming the field or the problem when the profile cannot read the body (answered 400)
     */
    public static List<Receipt> receipts(WebhookProfile profile, List<Map.Entry<String, String>> form, byte[] raw, Instant at)
            throws BadRequest {
        List<Receipt> list = new ArrayList<>();
        if (profile.type() == WebhookProfile.Type.TWILIO) {
            if (form == null) {
                throw new BadRequest("body: a Twilio callback is a form post (application/x-www-form-urlencoded)");
            }
            String sid = required(form, "MessageSid");
            String status = required(form, "MessageStatus");
            String error = field(form, "ErrorCode");
            list.add(receipt(profile, sid, status, error == null || error.isBlank() ? null : "error " + error.strip(), at,
                    "TWILIO_CALLBACK"));
        } else {
            JsonNode root = json(raw);
            for (JsonNode event : root.isArray() ? root : List.of(root)) {
                String id = jsonText(event, profile.statusIdPath(), true);
                String status = jsonText(event, profile.statusPath(), true);
                String detail = profile.statusDetailPath() == null ? null : jsonText(event, profile.statusDetailPath(), false);
                list.add(receipt(profile, id, status, detail, at, "SMS_CALLBACK"));
            }
        }
        return list;
    }

    private static Receipt receipt(WebhookProfile profile, String providerId, String status, String extra, Instant at,
                                   String source) {
        Receipt.Kind k = profile.kindOf(status);
        String detail = profile.name() + " status " + abbreviate(status, 40)
                + (k == null ? " (not in the status map: kept as pending)" : "")
                + (extra == null || extra.isBlank() ? "" : ", " + abbreviate(extra, 120));
        return new Receipt(Channel.SMS, null, providerId, k == null ? Receipt.Kind.PENDING : k, at, source, detail);
    }

    // ---- inbound texts -------------------------------------------------------------------------------------------

    /**
     * The text an inbound webhook's body carries, read as the webhook reads it, without the database: profile, message
     * id, sender, recipient (or null) and text, in that order.
     *
     * @throws BadRequest naming the field or the problem when the profile cannot read the body (answered 400)
     */
    public static List<String> inboundText(WebhookProfile profile, List<Map.Entry<String, String>> form, byte[] raw)
            throws BadRequest {
        InboundTexts.Text t = readText(profile, form, raw);
        return java.util.Arrays.asList(t.profile(), t.messageId(), t.from(), t.to(), t.text());
    }

    private static InboundTexts.Text readText(WebhookProfile profile, List<Map.Entry<String, String>> form, byte[] raw)
            throws BadRequest {
        if (profile.type() == WebhookProfile.Type.TWILIO) {
            if (form == null) {
                throw new BadRequest("body: a Twilio inbound message is a form post (application/x-www-form-urlencoded)");
            }
            String sid = field(form, "MessageSid") != null ? required(form, "MessageSid") : required(form, "SmsSid");
            String text = field(form, "Body");
            return new InboundTexts.Text(profile.name(), sid, required(form, "From"), field(form, "To"),
                    text == null ? "" : text);
        }
        JsonNode root = json(raw);
        String text = jsonText(root, profile.inboundTextPath(), false);
        return new InboundTexts.Text(profile.name(), jsonText(root, profile.inboundIdPath(), true),
                jsonText(root, profile.inboundFromPath(), true),
                profile.inboundToPath() == null ? null : jsonText(root, profile.inboundToPath(), false),
                text == null ? "" : text);
    }

    private static JsonNode json(byte[] raw) throws BadRequest {
        try {
            JsonNode n = JSON.readTree(raw);
            if (n == null || !n.isContainerNode()) {
                throw new BadRequest("body: not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new BadRequest("body: not JSON");
        }
    }

    private static String jsonText(JsonNode node, JsonPointer path, boolean required) throws BadRequest {
        JsonNode v = node.at(path);
        if (v.isMissingNode() || v.isNull() || v.isContainerNode() || v.asText().isBlank()) {
            if (required) {
                throw new BadRequest("JSON field " + path + ": missing");
            }
            return null;
        }
        return v.asText().strip();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    // ---- texts the gateway itself received ---------------------------------------------------------------------------

    /**
     * A text from a handset that the SMS gateway received over its own authenticated session (an SMPP deliver_sm): the
     * same keyword handling as the inbound webhook, without a signature to check. It carries no provider id, so each
     * is recorded as a new event (source {@code smpp}).
     */
    public void fromGateway(String from, String text) {
        InboundTexts.Handled handled;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                handled = inbound.handle(c, new InboundTexts.Text("smpp", "smpp-" + java.util.UUID.randomUUID(), from, null,
                        text), clock.instant());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // the gateway answers the SMSC with a temporary error, so the text is delivered again
            throw new IllegalStateException("inbound SMS over SMPP not recorded: " + e.getMessage(), e);
        }
        send("smpp", handled.replies());
    }

    // ---- replies ---------------------------------------------------------------------------------------------------

    /** After the commit: what failed to go out is logged and counted; the opt-out it confirms holds regardless. */
    private void send(String profile, List<InboundTexts.Reply> replies) {
        for (InboundTexts.Reply r : replies) {
            try {
                gateway.send(new SmsMessage(0, "inbound-" + r.inboundEventId() + "-" + r.kind(), r.to(), r.from(), r.text(),
                        SmsEncoding.count(r.text())));
            } catch (DeliveryException | RuntimeException e) {
                metrics.webhookReplyFailed(profile, r.kind());
                LOG.warn("SMS {} text to {} (inbound event {}, profile {}) not sent: {}", r.kind(), PhoneNumbers.mask(r.to()),
                        r.inboundEventId(), profile, e.getMessage());
            }
        }
    }
}
