package org.arrears.sms.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ReasonCode;
import org.arrears.config.Settings;
import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.Receipt;
import org.arrears.outreach.ReceiptSink;
import org.arrears.sms.SmsEncoding;
import org.arrears.sms.SmsGateway.Accepted;
import org.arrears.sms.SmsMessage;
import org.arrears.testing.LogCapture;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMPP gateway against an SMSC on jsmpp's server side, in this JVM, on a free port. */
class SmppGatewayTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String TO = "+447911123456";

    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    private final ReceiptSink sink = list -> {
        receipts.addAll(list);
        return new ReceiptSink.Applied(0, 0, 0, list.size());
    };
    private final List<String[]> replies = new CopyOnWriteArrayList<>();
    private final List<SmppGateway> gateways = new ArrayList<>();
    private TestSmsc smsc;

    @BeforeEach
    void startSmsc() throws Exception {
        smsc = TestSmsc.start();
    }

    @AfterEach
    void stop() throws Exception {
        gateways.forEach(SmppGateway::close);
        smsc.close();
    }

    private Map<String, String> settings() {
        Map<String, String> m = new HashMap<>();
        m.put("arrears.smpp.host", "127.0.0.1");
        m.put("arrears.smpp.port", String.valueOf(smsc.port()));
        m.put("arrears.smpp.system-id", "arrears");
        m.put("arrears.smpp.password", "s3cr3tpw");
        m.put("arrears.smpp.system-type", "DUNNING");
        m.put("arrears.smpp.source-addr", "Acme");
        m.put("arrears.smpp.timeout", "PT5S");
        m.put("arrears.smpp.reconnect-delay", "PT0.2S");
        return m;
    }

    private static Settings of(Map<String, String> m) {
        return Settings.of(m::get, m::keySet, "test.properties");
    }

    private SmppGateway bound(Map<String, String> m) {
        SmppGateway g = SmppGateway.from(of(m), CLOCK, sink, (from, text) -> replies.add(new String[] {from, text}));
        gateways.add(g);
        await().atMost(Duration.ofSeconds(10)).until(g::bound);
        return g;
    }

    private SmppGateway bound() {
        return bound(settings());
    }

    private static SmsMessage text(String body) {
        return new SmsMessage(7L, "tok7", TO, null, body, SmsEncoding.count(body));
    }

    private static byte[] udh(SubmitSm s) {
        return Arrays.copyOfRange(s.getShortMessage(), 0, 6);
    }

    private static byte[] body(SubmitSm s) {
        return Arrays.copyOfRange(s.getShortMessage(), 6, s.getShortMessage().length);
    }

    @Test
    void bindsWithTheConfiguredAccountAndSubmitsAGsm7TextAsDataCodingZeroAskingForAReceipt() throws Exception {
        SmppGateway g = bound();
        Accepted a = g.send(text("Pay 12€ [ref]"));

        assertThat(smsc.binds).hasSize(1);
        assertThat(smsc.binds.get(0).getBindType()).isEqualTo(BindType.BIND_TRX);
        assertThat(smsc.binds.get(0).getSystemId()).isEqualTo("arrears");
        assertThat(smsc.binds.get(0).getPassword()).isEqualTo("s3cr3tpw");
        assertThat(smsc.binds.get(0).getSystemType()).isEqualTo("DUNNING");
        SubmitSm s = smsc.submits.get(0);
        assertThat(s.getDestAddress()).isEqualTo("447911123456");
        assertThat(s.getDestAddrTon()).isEqualTo(TypeOfNumber.INTERNATIONAL.value());
        assertThat(s.getDestAddrNpi()).isEqualTo((byte) 1);
        assertThat(s.getSourceAddr()).isEqualTo("Acme");
        assertThat(s.getSourceAddrTon()).isEqualTo(TypeOfNumber.ALPHANUMERIC.value());
        assertThat(s.getDataCoding()).isEqualTo((byte) 0x00);
        assertThat(s.getEsmClass()).isEqualTo((byte) 0x00);
        assertThat(s.getRegisteredDelivery()).isEqualTo((byte) 0x01);
        assertThat(s.getShortMessage()).containsExactly('P', 'a', 'y', ' ', '1', '2', 0x1B, 0x65, ' ', 0x1B, 0x3C,
                'r', 'e', 'f', 0x1B, 0x3E);
        assertThat(a.providerMessageId()).isEqualTo("m1");
        assertThat(a.wire()).isEqualTo(s.getShortMessage());
        assertThat(g.health().up()).isTrue();
    }

    @Test
    void aTextOutsideGsm7GoesAsUcs2InUtf16BigEndian() throws Exception {
        bound().send(text("Vous êtes en retard"));

        SubmitSm s = smsc.submits.get(0);
        assertThat(s.getDataCoding()).isEqualTo((byte) 0x08);
        assertThat(s.getShortMessage()).isEqualTo("Vous êtes en retard".getBytes(StandardCharsets.UTF_16BE));
        assertThat(Arrays.copyOf(s.getShortMessage(), 4)).containsExactly(0x00, 'V', 0x00, 'o');
    }

    @Test
    void aLongTextGoesAsThreeConcatenatedPartsSharingOneReference() throws Exception {
        String body = "Your invoices 1001, 1002 and 1003 are overdue. ".repeat(8);
        List<String> parts = SmsEncoding.split(body);
        assertThat(parts).hasSize(3);

        Accepted a = bound().send(text(body));

        assertThat(smsc.submits).hasSize(3);
        int reference = udh(smsc.submits.get(0))[3] & 0xFF;
        for (int i = 0; i < 3; i++) {
            SubmitSm s = smsc.submits.get(i);
            assertThat(s.getEsmClass()).as("UDHI").isEqualTo((byte) 0x40);
            assertThat(s.getDataCoding()).isEqualTo((byte) 0x00);
            assertThat(udh(s)).containsExactly(0x05, 0x00, 0x03, reference, 3, i + 1);
            assertThat(SmsEncoding.fromGsm7(body(s))).isEqualTo(parts.get(i));
        }
        assertThat(body(smsc.submits.get(0))).hasSize(153);
        assertThat(a.providerMessageId()).isEqualTo("m1");
        assertThat(a.providerResponse()).isEqualTo("submit_sm_resp OK 3 parts m1 m2 m3");
    }

    @Test
    void aUcs2TextOver70UnitsGoesIn67UnitParts() throws Exception {
        String body = "Ihre Rechnung ist überfällig, bitte zahlen Sie bis Freitag. Merci, ça va être ".repeat(2);
        bound().send(text(body));

        assertThat(smsc.submits).hasSize(3);
        assertThat(body(smsc.submits.get(0))).hasSize(134);
        StringBuilder joined = new StringBuilder();
        smsc.submits.forEach(s -> {
            assertThat(s.getDataCoding()).isEqualTo((byte) 0x08);
            joined.append(new String(body(s), StandardCharsets.UTF_16BE));
        });
        assertThat(joined.toString()).isEqualTo(body);
        assertThat(udh(smsc.submits.get(2))[4]).isEqualTo((byte) 3);
    }

    @Test
    void twoLongTextsGetDifferentReferences() throws Exception {
        SmppGateway g = bound();
        String body = "x".repeat(200);
        g.send(text(body));
        g.send(text(body));

        assertThat(udh(smsc.submits.get(0))[3]).isNotEqualTo(udh(smsc.submits.get(2))[3]);
    }

    @Test
    void aDeliveredReceiptReachesTheSinkForTheSubmittedMessageId() throws Exception {
        Accepted a = bound().send(text("Your invoice is overdue."));

        smsc.deliverReceipt("id:" + a.providerMessageId() + " sub:001 dlvrd:001 submit date:2612011000 done date:2612011001"
                + " stat:DELIVRD err:000 text:Your invoice is", null);

        await().until(() -> receipts.size() == 1);
        Receipt r = receipts.get(0);
        assertThat(r.channel()).isEqualTo(Channel.SMS);
        assertThat(r.providerMessageId()).isEqualTo("m1");
        assertThat(r.communicationId()).isNull();
        assertThat(r.kind()).isEqualTo(Receipt.Kind.DELIVERED);
        assertThat(r.source()).isEqualTo("SMPP_RECEIPT");
        assertThat(r.detail()).isEqualTo("stat:DELIVRD err:000").doesNotContain("invoice");
        assertThat(r.at()).isEqualTo(CLOCK.instant());
    }

    @Test
    void anUndelivReceiptIsUndeliverableAndTheReceiptedMessageIdTlvWinsOverTheText() throws Exception {
        bound().send(text("Your invoice is overdue."));

        smsc.deliverReceipt("id:0000000001 sub:001 dlvrd:000 submit date:2612011000 done date:2612011001 stat:UNDELIV err:001", "m1");
        smsc.deliverReceipt("id:m1 sub:001 dlvrd:000 submit date:2612011000 done date:2612011001 stat:ENROUTE err:000", null);

        await().until(() -> receipts.size() == 2);
        assertThat(receipts.get(0).providerMessageId()).isEqualTo("m1");
        assertThat(receipts.get(0).kind()).isEqualTo(Receipt.Kind.UNDELIVERABLE);
        assertThat(receipts.get(0).detail()).isEqualTo("stat:UNDELIV err:001");
        assertThat(receipts.get(1).kind()).isEqualTo(Receipt.Kind.PENDING);
    }

    @Test
    void theMessageStateTlvWinsOverTheTextsStat() throws Exception {
        bound().send(text("Your invoice is overdue."));

        smsc.deliverReceiptWith("id:0000000001 sub:001 dlvrd:000 submit date:2612011000 done date:2612011001 stat:ENROUTE err:000",
                new org.jsmpp.bean.OptionalParameter.Receipted_message_id("m1"),
                new org.jsmpp.bean.OptionalParameter.Message_state((byte) 5));

        await().until(() -> receipts.size() == 1);
        assertThat(receipts.get(0).providerMessageId()).isEqualTo("m1");
        assertThat(receipts.get(0).kind()).isEqualTo(Receipt.Kind.UNDELIVERABLE);
        assertThat(receipts.get(0).detail()).isEqualTo("stat:UNDELIV err:000");
    }

    @Test
    void aLaterPartsReceiptCountsOnlyWhenUndeliverableAndThenNamesTheFirstPart() throws Exception {
        bound().send(text("y".repeat(400)));
        assertThat(smsc.submits).hasSize(3);

        smsc.deliverReceipt("id:m2 sub:001 dlvrd:001 submit date:2612011000 done date:2612011001 stat:DELIVRD err:000", null);
        assertThat(receipts).as("the deliver_sm was answered after the gateway handled it").isEmpty();
        smsc.deliverReceipt("id:m1 sub:001 dlvrd:001 submit date:2612011000 done date:2612011001 stat:DELIVRD err:000", null);
        smsc.deliverReceipt("id:m3 sub:001 dlvrd:000 submit date:2612011000 done date:2612011001 stat:UNDELIV err:001", null);

        await().until(() -> receipts.size() == 2);
        assertThat(receipts).extracting(Receipt::providerMessageId).containsExactly("m1", "m1");
        assertThat(receipts).extracting(Receipt::kind).containsExactly(Receipt.Kind.DELIVERED, Receipt.Kind.UNDELIVERABLE);
        assertThat(receipts.get(1).detail()).isEqualTo("stat:UNDELIV err:001 (a later part)");
    }

    @Test
    void aReceiptTheSinkCannotRecordIsAnsweredWithAnErrorSoTheSmscDeliversItAgain() throws Exception {
        SmppGateway g = SmppGateway.from(of(settings()), CLOCK, list -> {
            throw new IllegalStateException("database down");
        }, (from, text) -> { });
        gateways.add(g);
        await().until(g::bound);
        g.send(text("Your invoice is overdue."));

        try (LogCapture log = LogCapture.start()) {
            assertThatThrownBy(() -> smsc.deliverReceipt("id:m1 sub:001 dlvrd:001 stat:DELIVRD err:000", null))
                    .isInstanceOfSatisfying(NegativeResponseException.class, e -> assertThat(e.getCommandStatus()).isEqualTo(0x64));
            assertThat(log.text()).contains("SMPP delivery receipt for m1 not recorded, the SMSC will deliver it again: database down")
                    .as("jsmpp's own stack trace for the answer is filtered").doesNotContain("Failed processing deliver_sm");
        }
    }

    @Test
    void aThrottledOrQueueFullAnswerIsTemporaryWithAShortRetryAfter() throws Exception {
        SmppGateway g = bound();
        smsc.answer = s -> 0x58;
        assertThatThrownBy(() -> g.send(text("hello"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TEMPORARY);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
            assertThat(e.getMessage()).contains("ESME_RTHROTTLED");
        });
        smsc.answer = s -> 0x14;
        assertThatThrownBy(() -> g.send(text("hello"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TEMPORARY);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void anInvalidDestinationIsRecipientRefusedAsAnInvalidNumberAndOtherErrorsArePermanent() throws Exception {
        SmppGateway g = bound();
        smsc.answer = s -> 0x0B;
        assertThatThrownBy(() -> g.send(text("hello"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RECIPIENT_REFUSED);
            assertThat(e.addressReason()).isEqualTo(ReasonCode.INVALID_NUMBER);
        });
        smsc.answer = s -> 0x45;
        assertThatThrownBy(() -> g.send(text("hello"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
            assertThat(e.getMessage()).isEqualTo("SMSC refused the message (command_status 0x45)");
        });
    }

    @Test
    void aRecipientThatIsNotE164IsRefusedWithoutReachingTheSmsc() throws Exception {
        SmppGateway g = bound();
        SmsMessage m = new SmsMessage(7L, "tok7", "07911 123456", null, "hello", SmsEncoding.count("hello"));
        assertThatThrownBy(() -> g.send(m)).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RECIPIENT_REFUSED);
            assertThat(e.getMessage()).doesNotContain("123456").contains("not an E.164 number");
        });
        assertThat(smsc.submits).isEmpty();
    }

    @Test
    void noSubmitResponseWithinTheTimeoutIsGatewayDown() throws Exception {
        Map<String, String> m = settings();
        m.put("arrears.smpp.timeout", "PT0.5S");
        SmppGateway g = bound(m);
        smsc.holding = true;

        assertThatThrownBy(() -> g.send(text("hello"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN);
            assertThat(e.getMessage()).contains("no submit_sm_resp").contains("PT0.5S");
        });
        assertThat(g.health().up()).isFalse();
    }

    @Test
    void enquireLinkKeepsAnIdleSessionAliveAtTheConfiguredPeriod() {
        Map<String, String> m = settings();
        m.put("arrears.smpp.enquire-link", "PT0.2S");
        SmppGateway g = bound(m);

        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.enquireLinks.get() >= 3);
        assertThat(g.bound()).isTrue();
    }

    @Test
    void whenTheSmscGoesAwaySendsAreGatewayDownUntilTheGatewayHasBoundAgain() throws Exception {
        SmppGateway g = bound();
        g.send(text("first"));

        smsc.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !g.bound());
        assertThatThrownBy(() -> g.send(text("while away"))).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN));
        assertThat(g.health().up()).isFalse();

        smsc.listen();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(DeliveryException.class)
                .until(() -> g.send(text("back")) != null);
        assertThat(smsc.binds).hasSize(2);
        assertThat(smsc.submits).extracting(s -> SmsEncoding.fromGsm7(s.getShortMessage())).containsExactly("first", "back");
        assertThat(g.health().up()).isTrue();
    }

    @Test
    void aSendBeforeTheFirstBindIsGatewayDownAndThePasswordIsNeverLogged() throws Exception {
        Map<String, String> m = settings();
        smsc.stop();
        try (LogCapture log = LogCapture.start()) {
            SmppGateway g = SmppGateway.from(of(m), CLOCK, sink, (from, text) -> { });
            gateways.add(g);
            assertThatThrownBy(() -> g.send(text("hello"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
                assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN);
                assertThat(e.getMessage()).startsWith("not bound to SMSC 127.0.0.1:" + smsc.port() + " as arrears");
            });
            await().until(() -> log.text().contains("SMPP bind to"));
            assertThat(log.text()).doesNotContain("s3cr3tpw");
            assertThat(g.describe()).doesNotContain("s3cr3tpw");
            assertThat(g.health().up()).isFalse();
        }
    }

    @Test
    void neverMoreThanTheWindowOfSubmitsIsOutstanding() throws Exception {
        Map<String, String> m = settings();
        m.put("arrears.smpp.window", "2");
        m.put("arrears.smpp.timeout", "PT20S");
        SmppGateway g = bound(m);
        smsc.holding = true;
        ExecutorService workers = Executors.newFixedThreadPool(6);
        try {
            List<Future<Accepted>> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String body = "text " + i;
                sent.add(workers.submit(() -> g.send(text(body))));
            }
            await().until(() -> smsc.outstanding.get() == 2);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> smsc.outstanding.get() <= 2);
            assertThat(smsc.submits).hasSize(2);

            smsc.release.release(6);
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().allMatch(Future::isDone));
            for (Future<Accepted> f : sent) {
                assertThat(f.get().providerMessageId()).startsWith("m");
            }
            assertThat(smsc.submits).hasSize(6);
            assertThat(smsc.mostOutstanding.get()).isEqualTo(2);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void theRateSpacesSubmitsEvenly() throws Exception {
        Map<String, String> m = settings();
        m.put("arrears.smpp.rate", "10");
        SmppGateway g = bound(m);

        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            g.send(text("text " + i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(smsc.submits).hasSize(4);
    }

    @Test
    void aTextFromAHandsetReachesTheInboundConsumerAsE164AndText() throws Exception {
        bound();

        smsc.deliverReply(TypeOfNumber.INTERNATIONAL, "447911123456", (byte) 0x00, SmsEncoding.toGsm7("STOP"));
        smsc.deliverReply(TypeOfNumber.INTERNATIONAL, "33612345678", (byte) 0x08, "Arrêtez".getBytes(StandardCharsets.UTF_16BE));

        smsc.deliverReply(TypeOfNumber.INTERNATIONAL, "447911123456", 0x40, (byte) 0x00,
                SmppGateway.withHeader(9, 2, 1, SmsEncoding.toGsm7("Part one")));

        await().until(() -> replies.size() == 3);
        assertThat(replies.get(0)).containsExactly("+447911123456", "STOP");
        assertThat(replies.get(1)).containsExactly("+33612345678", "Arrêtez");
        assertThat(replies.get(2)).as("the user data header is dropped").containsExactly("+447911123456", "Part one");
        assertThat(receipts).isEmpty();
    }

    @Test
    void aTransmitterBindIsUsedWhenConfigured() throws Exception {
        Map<String, String> m = settings();
        m.put("arrears.smpp.bind", "transmitter");
        m.put("arrears.smpp.source-addr", "+15550100");
        SmppGateway g = bound(m);
        g.send(text("hello"));

        assertThat(smsc.binds.get(0).getBindType()).isEqualTo(BindType.BIND_TX);
        assertThat(smsc.submits.get(0).getSourceAddr()).isEqualTo("15550100");
        assertThat(smsc.submits.get(0).getSourceAddrTon()).isEqualTo(TypeOfNumber.INTERNATIONAL.value());
    }
}
