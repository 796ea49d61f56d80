package org.arrears.sms.smpp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ReasonCode;
import org.arrears.config.Settings;
import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.DeliveryException.Kind;
import org.arrears.outreach.GatewayHealth;
import org.arrears.outreach.Receipt;
import org.arrears.outreach.ReceiptSink;
import org.arrears.sms.PhoneNumbers;
import org.arrears.sms.SmsEncoding;
import org.arrears.sms.SmsGateway;
import org.arrears.sms.SmsMessage;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitSmResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends texts to an SMSC over SMPP 3.4 (jsmpp), bound as a transmitter or a transceiver.
 *
 * <ul>
 *   <li><b>Session.</b> It binds in the background when started and again, every {@code reconnect-delay}, after the
 *       session dropped (an enquire_link or a read failed, the SMSC unbound). A send while it is not bound fails at
 *       once as GATEWAY_DOWN, so the dispatcher defers the rest of its batch. enquire_link keeps an idle session
 *       alive every {@code enquire-link}.</li>
 *   <li><b>Throttling.</b> At most {@code window} submit_sm are outstanding at once, over every worker; with a
 *       {@code rate} they are also spaced to that many a second. ESME_RTHROTTLED and ESME_RMSGQFUL are TEMPORARY with
 *       a retry after {@link #THROTTLED_RETRY}; ESME_RINVDSTADR is RECIPIENT_REFUSED (INVALID_NUMBER); ESME_RINVBNDSTS
 *       (the SMSC says we are not bound) is GATEWAY_DOWN and binds again; every other error is PERMANENT; no response
 *       within {@code timeout} is GATEWAY_DOWN.</li>
 *   <li><b>Encoding.</b> GSM-7 texts go as data_coding 0x00, one septet per octet (the SMSC packs them); others as
 *       UCS-2 (0x08, UTF-16BE). A text longer than one segment goes as parts cut by {@link SmsEncoding#split}, each
 *       with a user data header (esm_class 0x40; IEI 0x00: an 8-bit reference, the total, the sequence).</li>
 *   <li><b>Receipts.</b> Every submit asks for a delivery receipt (registered_delivery 1). A receipt deliver_sm is
 *       read ({@link ReceiptText}; the receipted_message_id and message_state TLVs win over the text) and handed to
 *       the {@link ReceiptSink}. A multi-part text is known by its first part's message id: that part's receipts
 *       decide DELIVERED and PENDING, and a later part's receipt counts only when it says UNDELIVERABLE (then for the
 *       first part's id), since one lost part means the text did not arrive whole. The later parts' ids are kept in
 *       memory (the last {@value #PARTS_REMEMBERED}); after a restart their receipts reach the sink under their own
 *       ids, which name no message and are counted as unmatched.</li>
 *   <li><b>Replies.</b> Any other deliver_sm is a text from a handset, handed to the inbound consumer as (sender in
 *       E.164, text). A deliver_sm the sink or the consumer could not take is answered ESME_RX_T_APPN, so the SMSC
 *       delivers it again; one that cannot be read is answered OK and logged, since it would never read better.</li>
 * </ul>
 *
 * <p>Numbers are masked and the password never appears in logs; texts are never logged.
 */
public final class SmppGateway implements SmsGateway {

    private static final Logger LOG = LoggerFactory.getLogger(SmppGateway.class);

    /** How long the dispatcher waits after the SMSC said it is throttling or its queue is full. */
    public static final Duration THROTTLED_RETRY = Duration.ofSeconds(5);
    static final int PARTS_REMEMBERED = 100_000;

    static final int ESME_RINVBNDSTS = 0x04;
    static final int ESME_RINVDSTADR = 0x0B;
    static final int ESME_RMSGQFUL = 0x14;
    static final int ESME_RTHROTTLED = 0x58;
    static final int ESME_RX_T_APPN = 0x64;

    private static final byte GSM7 = 0x00;
    private static final byte UCS2 = 0x08;
    private static final byte ESM_UDHI = 0x40;

    private final SmppSettings config;
    private final Clock clock;
    private final ReceiptSink receipts;
    private final BiConsumer<String, String> inbound;
    private final Semaphore window;
    private final SubmitPacer pacer;
    private final AtomicInteger reference = new AtomicInteger(ThreadLocalRandom.current().nextInt(256));
    private final Map<String, String> firstPartOf = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > PARTS_REMEMBERED;
        }
    });
    private final ScheduledExecutorService binder;
    private final Object bindLock = new Object();

    private volatile SMPPSession session;
    private volatile GatewayHealth health;
    private volatile boolean closed;
    private boolean bindScheduled;
    /** Only the binder thread touches it: a failed bind after a good one warns, the next ones are debug. */
    private boolean bindFailing;

    public SmppGateway(SmppSettings config, Clock clock, ReceiptSink receipts, BiConsumer<String, String> inbound) {
        this.config = config;
        this.clock = clock;
        this.receipts = receipts;
        this.inbound = inbound;
        this.window = new Semaphore(config.window(), true);
        this.pacer = new SubmitPacer(config.rate());
        this.health = new GatewayHealth(false, describe(), "not bound yet", clock.instant());
        this.binder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smpp-bind");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A started gateway for the {@code arrears.smpp.*} settings: it binds in the background, so a hub whose SMSC is
     * down still starts (its texts wait as GATEWAY_DOWN).
     *
     * @param receipts where delivery receipts go (the message lifecycle)
     * @param inbound  takes each text a handset sent: (sender in E.164, text)
     * @throws org.arrears.config.ConfigException naming the setting that is missing or invalid
     */
    public static SmppGateway from(Settings settings, Clock clock, ReceiptSink receipts, BiConsumer<String, String> inbound) {
        return new SmppGateway(SmppSettings.from(settings), clock, receipts, inbound).start();
    }

    /** Starts binding (in the background); returns this gateway. */
    public SmppGateway start() {
        scheduleBind(Duration.ZERO);
        return this;
    }

    /** True while a session is bound and may submit. */
    public boolean bound() {
        SMPPSession s = session;
        return s != null && s.getSessionState().isTransmittable();
    }

    @Override
    public String describe() {
        return config.toString();
    }

    @Override
    public GatewayHealth health() {
        return health;
    }

    @Override
    public Accepted send(SmsMessage m) throws DeliveryException {
        String destination = destination(m.to());
        Source source = source(m.from());
        SMPPSession s = session;
        if (s == null || !s.getSessionState().isTransmittable()) {
            throw new DeliveryException("not bound to " + describe() + "; binding again every " + config.reconnectDelay(),
                    Kind.GATEWAY_DOWN, null);
        }
        boolean gsm = SmsEncoding.isGsm7(m.text());
        List<String> parts = SmsEncoding.split(m.text());
        int ref = parts.size() > 1 ? reference.incrementAndGet() & 0xFF : 0;
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<String> ids = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            byte[] body = gsm ? SmsEncoding.toGsm7(parts.get(i)) : parts.get(i).getBytes(StandardCharsets.UTF_16BE);
            byte[] shortMessage = parts.size() == 1 ? body : withHeader(ref, parts.size(), i + 1, body);
            try {
                ids.add(submit(s, source, destination, parts.size() == 1 ? 0 : ESM_UDHI, gsm ? GSM7 : UCS2, shortMessage));
            } catch (DeliveryException e) {
                if (i == 0) {
                    throw e;
                }
                throw new DeliveryException("part " + (i + 1) + " of " + parts.size() + " not accepted after "
                        + String.join(", ", ids) + ": " + e.getMessage(), e.kind(), e, e.retryAfter(),
                        e.kind() == Kind.RECIPIENT_REFUSED ? e.addressReason() : null);
            }
            wire.writeBytes(shortMessage);
        }
        for (String later : ids.subList(1, ids.size())) {
            firstPartOf.put(later, ids.get(0));
        }
        health = up("submit_sm accepted");
        String response = ids.size() == 1 ? "submit_sm_resp OK " + ids.get(0)
                : "submit_sm_resp OK " + ids.size() + " parts " + String.join(" ", ids);
        return new Accepted(ids.get(0), response, wire.toByteArray());
    }

    /** One submit_sm within the window and the pace; its message id. */
    private String submit(SMPPSession s, Source source, String destination, int esmClass, byte dataCoding,
                          byte[] shortMessage) throws DeliveryException {
        Duration timeout = config.timeout();
        try {
            if (!window.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DeliveryException("the SMSC window of " + config.window() + " stayed full for " + timeout,
                        Kind.GATEWAY_DOWN, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while waiting for the SMSC window", Kind.TEMPORARY, e);
        }
        try {
            Duration wait = pacer.await(timeout);
            if (!wait.isZero()) {
                throw new DeliveryException("over arrears.smpp.rate (" + config.rate() + "/s) for the next " + wait,
                        Kind.TEMPORARY, null, wait, null);
            }
            SubmitSmResult r = s.submitShortMessage("", TypeOfNumber.valueOf(source.ton()),
                    NumberingPlanIndicator.valueOf(source.npi()), source.address(), TypeOfNumber.INTERNATIONAL,
                    NumberingPlanIndicator.ISDN, destination, new ESMClass(esmClass), (byte) 0, (byte) 0, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    DataCodings.newInstance(dataCoding), (byte) 0, shortMessage);
            return r.getMessageId();
        } catch (NegativeResponseException e) {
            throw refused(e.getCommandStatus(), s);
        } catch (ResponseTimeoutException e) {
            health = down("no submit_sm_resp within " + timeout);
            throw new DeliveryException("no submit_sm_resp from " + describe() + " within " + timeout, Kind.GATEWAY_DOWN, e);
        } catch (InvalidResponseException e) {
            health = down("invalid submit_sm_resp");
            throw new DeliveryException("invalid submit_sm_resp from " + describe() + ": " + e.getMessage(), Kind.GATEWAY_DOWN, e);
        } catch (PDUException e) {
            throw new DeliveryException("submit_sm cannot be built: " + e.getMessage(), Kind.PERMANENT, e);
        } catch (IOException e) {
            health = down(e.getMessage());
            drop(s, "submit_sm failed: " + e.getMessage());
            throw new DeliveryException("submit_sm to " + describe() + " failed: " + e.getMessage(), Kind.GATEWAY_DOWN, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while pacing submits", Kind.TEMPORARY, e);
        } finally {
            window.release();
        }
    }

    private DeliveryException refused(int status, SMPPSession s) {
        String code = "command_status 0x%02X".formatted(status);
        return switch (status) {
            case ESME_RTHROTTLED -> new DeliveryException("SMSC throttling (ESME_RTHROTTLED, " + code + ")",
                    Kind.TEMPORARY, null, THROTTLED_RETRY, null);
            case ESME_RMSGQFUL -> new DeliveryException("SMSC message queue full (ESME_RMSGQFUL, " + code + ")",
                    Kind.TEMPORARY, null, THROTTLED_RETRY, null);
            case ESME_RINVDSTADR -> new DeliveryException("SMSC refused the destination address (ESME_RINVDSTADR, " + code + ")",
                    Kind.RECIPIENT_REFUSED, null, null, ReasonCode.INVALID_NUMBER);
            case ESME_RINVBNDSTS -> {
                health = down("SMSC says the session is not bound");
                drop(s, "SMSC answered ESME_RINVBNDSTS");
                yield new DeliveryException("SMSC says the session is not bound (ESME_RINVBNDSTS, " + code + ")",
                        Kind.GATEWAY_DOWN, null);
            }
            default -> new DeliveryException("SMSC refused the message (" + code + ")", Kind.PERMANENT, null);
        };
    }

    /** The short message of one part: the user data header (IEI 0x00, 8-bit reference), then the part's body. */
    static byte[] withHeader(int reference, int total, int sequence, byte[] body) {
        byte[] out = new byte[6 + body.length];
        out[0] = 0x05;
        out[1] = 0x00;
        out[2] = 0x03;
        out[3] = (byte) reference;
        out[4] = (byte) total;
        out[5] = (byte) sequence;
        System.arraycopy(body, 0, out, 6, body.length);
        return out;
    }

    private record Source(String address, byte ton, byte npi) {
    }

    private Source source(String from) throws DeliveryException {
        if (from == null || from.isBlank()) {
            String a = config.sourceAddr();
            return new Source(a.startsWith("+") ? a.substring(1) : a, config.sourceTon(), config.sourceNpi());
        }
        if (from.matches("\\+?\\d{1,20}")) {
            return new Source(from.startsWith("+") ? from.substring(1) : from, TypeOfNumber.INTERNATIONAL.value(),
                    NumberingPlanIndicator.ISDN.value());
        }
        if (from.length() > 11) {
            throw new DeliveryException("sender '" + from + "': an alphanumeric sender id has at most 11 characters",
                    Kind.PERMANENT, null);
        }
        return new Source(from, TypeOfNumber.ALPHANUMERIC.value(), NumberingPlanIndicator.UNKNOWN.value());
    }

    private static String destination(String to) throws DeliveryException {
        if (to == null || !to.matches("\\+[1-9]\\d{5,14}")) {
            throw new DeliveryException("recipient " + PhoneNumbers.mask(to) + ": not an E.164 number (+ and 6 to 15 digits)",
                    Kind.RECIPIENT_REFUSED, null, null, ReasonCode.INVALID_NUMBER);
        }
        return to.substring(1);
    }

    // ---- the session --------------------------------------------------------------------------------------------

    private void scheduleBind(Duration delay) {
        synchronized (bindLock) {
            if (closed || bindScheduled) {
                return;
            }
            bindScheduled = true;
        }
        try {
            binder.schedule(this::bind, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            LOG.debug("SMPP gateway closed; no bind scheduled");
        }
    }

    private void bind() {
        synchronized (bindLock) {
            bindScheduled = false;
            if (closed || bound()) {
                return;
            }
        }
        SMPPSession s = new SMPPSession();
        s.setTransactionTimer(config.timeout().toMillis());
        s.setEnquireLinkTimer((int) Math.min(Integer.MAX_VALUE, config.enquireLink().toMillis()));
        s.setMessageReceiverListener(new Listener());
        s.addSessionStateListener((newState, oldState, source) -> {
            if (!newState.isBound() && oldState.isBound() && source == session) {
                lost((SMPPSession) source, newState);
            }
        });
        BindType type = config.bind() == SmppSettings.Bind.TRANSMITTER ? BindType.BIND_TX : BindType.BIND_TRX;
        try {
            s.connectAndBind(config.host(), config.port(), new BindParameter(type, config.systemId(), config.password(),
                    config.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), config.timeout().toMillis());
        } catch (IOException e) {
            s.close();
            health = down("bind failed: " + e.getMessage());
            if (!bindFailing) {
                bindFailing = true;
                LOG.warn("SMPP bind to {} failed: {}; trying again every {}", describe(), e.getMessage(), config.reconnectDelay());
            } else {
                LOG.debug("SMPP bind to {} failed again: {}", describe(), e.getMessage());
            }
            scheduleBind(config.reconnectDelay());
            return;
        }
        synchronized (bindLock) {
            if (closed) {
                s.unbindAndClose();
                return;
            }
            session = s;
        }
        bindFailing = false;
        health = up("bound");
        LOG.info("SMPP bound to {}", describe());
        if (!s.getSessionState().isBound()) {
            lost(s, s.getSessionState());
        }
    }

    private void lost(SMPPSession s, SessionState state) {
        synchronized (bindLock) {
            if (session != s) {
                return;
            }
            session = null;
        }
        health = down("session " + state);
        LOG.warn("SMPP session with {} lost ({}); binding again every {}", describe(), state, config.reconnectDelay());
        if (state != SessionState.CLOSED) {
            try {
                binder.execute(s::close);
            } catch (RejectedExecutionException closing) {
                s.close();
            }
        }
        scheduleBind(config.reconnectDelay());
    }

    private void drop(SMPPSession s, String why) {
        LOG.debug("closing the SMPP session with {}: {}", describe(), why);
        lost(s, SessionState.CLOSED);
        s.close();
    }

    private GatewayHealth up(String detail) {
        GatewayHealth h = health;
        return h.up() ? h : new GatewayHealth(true, describe(), detail, clock.instant());
    }

    private GatewayHealth down(String detail) {
        GatewayHealth h = health;
        return new GatewayHealth(false, describe(), detail, h.up() || h.since() == null ? clock.instant() : h.since());
    }

    @Override
    public void close() {
        SMPPSession s;
        synchronized (bindLock) {
            closed = true;
            s = session;
            session = null;
        }
        binder.shutdownNow();
        if (s != null) {
            s.unbindAndClose();
        }
    }

    // ---- what the SMSC sends ------------------------------------------------------------------------------------

    private final class Listener implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm d) throws ProcessRequestException {
            try {
                if (MessageType.SMSC_DEL_RECEIPT.containedIn(d.getEsmClass())) {
                    receipt(d);
                } else {
                    reply(d);
                }
            } catch (RuntimeException e) {
                LOG.warn("SMPP deliver_sm from {} not handled, answered ESME_RX_T_APPN: {}", describe(), e.toString());
                throw new ProcessRequestException("deliver_sm not handled", ESME_RX_T_APPN, e);
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", 0x03);
        }
    }

    private void receipt(DeliverSm d) throws ProcessRequestException {
        ReceiptText.Parsed p;
        try {
            p = receiptOf(d);
        } catch (IllegalArgumentException e) {
            LOG.warn("SMPP delivery receipt from {} ignored: {}", describe(), e.getMessage());
            return;
        }
        String id = p.id();
        String stat = p.stat();
        String err = p.err();
        Receipt.Kind kind = ReceiptText.kindOf(stat);
        String first = firstPartOf.get(id);
        if (first != null) {
            if (kind != Receipt.Kind.UNDELIVERABLE) {
                return;
            }
            id = first;
        }
        String detail = "stat:" + stat + (err == null ? "" : " err:" + err) + (first == null ? "" : " (a later part)");
        try {
            receipts.apply(List.of(new Receipt(Channel.SMS, null, id, kind, clock.instant(), "SMPP_RECEIPT", detail)));
        } catch (RuntimeException e) {
            LOG.warn("SMPP delivery receipt for {} not recorded, the SMSC will deliver it again: {}", id, e.getMessage());
            throw new ProcessRequestException("receipt not recorded", ESME_RX_T_APPN, e);
        }
    }

    private void reply(DeliverSm d) throws ProcessRequestException {
        String from = e164(d.getSourceAddrTon(), d.getSourceAddr());
        byte[] data = userData(d);
        if ((d.getEsmClass() & ESM_UDHI) != 0 && data.length > 0) {
            data = Arrays.copyOfRange(data, Math.min(data.length, (data[0] & 0xFF) + 1), data.length);
        }
        String text = decode(d.getDataCoding(), data);
        try {
            inbound.accept(from, text);
        } catch (RuntimeException e) {
            LOG.warn("SMPP text from {} not taken, the SMSC will deliver it again: {}", PhoneNumbers.mask(from), e.getMessage());
            throw new ProcessRequestException("reply not recorded", ESME_RX_T_APPN, e);
        }
    }

    /**
     * A receipt deliver_sm's fields: its text read by {@link ReceiptText#parse}, with the receipted_message_id TLV
     * (0x001E) as the id and the message_state TLV (0x0427) as the state when the PDU has them (a state SMPP 3.4
     * does not define leaves the text's).
     *
     * @throws IllegalArgumentException when neither the TLV nor the text gives an id
     */
    public static ReceiptText.Parsed receiptOf(DeliverSm d) {
        String text = new String(userData(d), StandardCharsets.ISO_8859_1);
        OptionalParameter receipted = d.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        OptionalParameter state = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
        String id = receipted instanceof OptionalParameter.COctetString c ? c.getValueAsString() : null;
        String stat = state instanceof OptionalParameter.Byte b ? ReceiptText.stateName(b.getValue()) : null;
        try {
            return ReceiptText.parse(text).withIdAndStat(id, stat);
        } catch (IllegalArgumentException e) {
            if (id == null || id.isBlank()) {
                throw e;
            }
            return new ReceiptText.Parsed(id, stat, null);
        }
    }

    /** The short message, or the message_payload TLV when the short message is empty. */
    private static byte[] userData(DeliverSm d) {
        byte[] sm = d.getShortMessage();
        if (sm != null && sm.length > 0) {
            return sm;
        }
        OptionalParameter payload = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        return payload instanceof OptionalParameter.OctetString o ? o.getValue() : new byte[0];
    }

    /** A handset's number in E.164: an international or bare-digit address gets its +; anything else as sent. */
    static String e164(byte ton, String address) {
        if (address == null) {
            return null;
        }
        String a = address.strip();
        if (a.startsWith("+")) {
            return a;
        }
        if (a.startsWith("00") && a.length() > 2 && a.chars().allMatch(Character::isDigit)) {
            return "+" + a.substring(2);
        }
        if ((ton == TypeOfNumber.INTERNATIONAL.value() || ton == TypeOfNumber.UNKNOWN.value())
                && !a.isEmpty() && a.chars().allMatch(Character::isDigit)) {
            return "+" + a;
        }
        return a;
    }

    /** A deliver_sm's text by its data_coding: GSM-7 (unpacked), IA5/ASCII, Latin-1, UCS-2; 8-bit data as Latin-1. */
    static String decode(byte dataCoding, byte[] data) {
        int dc = dataCoding & 0xFF;
        int alphabet;
        if (dc == 0x00) {
            alphabet = 0;
        } else if (dc == 0x08 || dc == 0x18 || dc == 0x09) {
            alphabet = 2;
        } else if (dc == 0x01) {
            return new String(data, StandardCharsets.US_ASCII);
        } else if (dc == 0x03 || dc == 0x02 || dc == 0x04) {
            return new String(data, StandardCharsets.ISO_8859_1);
        } else if ((dc & 0xF0) == 0xF0) {
            alphabet = (dc & 0x04) == 0 ? 0 : 1;
        } else if ((dc & 0xC0) == 0x00) {
            alphabet = (dc >> 2) & 0x03;
        } else {
            alphabet = 1;
        }
        return switch (alphabet) {
            case 0 -> SmsEncoding.fromGsm7(data);
            case 2 -> new String(data, StandardCharsets.UTF_16BE);
            default -> new String(data, StandardCharsets.ISO_8859_1);
        };
    }

}
