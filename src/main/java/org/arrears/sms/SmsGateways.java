package org.arrears.sms;

import java.time.Clock;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.outreach.ReceiptSink;
import java.util.function.BiConsumer;
import org.arrears.sms.http.HttpSmsGateway;
import org.arrears.sms.smpp.SmppGateway;

/** Builds the SMS gateway {@code arrears.sms.gateway} names (README "SMS gateways"). */
public final class SmsGateways {

    private SmsGateways() {
    }

    /** Like {@link #from(Settings, Clock, int, ReceiptSink, BiConsumer)} for the gateways that take receipts over HTTP callbacks. */
    public static SmsGateway from(Settings settings, Clock clock, int workers) {
        return from(settings, clock, workers, null, null);
    }

    /**
     * @param workers  the SMS dispatch workers: an HTTP gateway keeps as many connections
     * @param receipts where a gateway that reads delivery receipts itself (SMPP) hands them
     * @param inbound  where such a gateway hands texts from handsets (sender in E.164, text)
     * @throws ConfigException naming the setting that is missing or invalid
     */
    public static SmsGateway from(Settings settings, Clock clock, int workers, ReceiptSink receipts,
                                  BiConsumer<String, String> inbound) {
        SmsSettings sms = SmsSettings.from(settings);
        return switch (sms.gateway()) {
            case "outbox" -> new SmsOutboxGateway(sms.outbox(), clock);
            case "twilio" -> HttpSmsGateway.twilio(settings, clock, workers);
            case "generic" -> HttpSmsGateway.generic(settings, clock, workers);
            case "smpp" -> SmppGateway.from(settings, clock, receipts, inbound);
            default -> throw new ConfigException(settings.origin() + ": setting 'arrears.sms.gateway': unknown gateway '"
                    + sms.gateway() + "'");
        };
    }
}
