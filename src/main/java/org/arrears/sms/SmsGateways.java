package org.arrears.sms;

import java.time.Clock;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.outreach.ReceiptSink;
import org.arrears.sms.http.HttpSmsGateway;

/** Builds the SMS gateway {@code arrears.sms.gateway} names (README "SMS gateways"). */
public final class SmsGateways {

    private SmsGateways() {
    }

    /** Like {@link #from(Settings, Clock, int, ReceiptSink)} for the gateways that take receipts over HTTP callbacks. */
    public static SmsGateway from(Settings settings, Clock clock, int workers) {
        return from(settings, clock, workers, null);
    }

    /**
     * @param workers  the SMS dispatch workers: an HTTP gateway keeps as many connections
     * @param receipts where a gateway that reads delivery receipts itself (SMPP) hands them
     * @throws ConfigException naming the setting that is missing or invalid
     */
    public static SmsGateway from(Settings settings, Clock clock, int workers, ReceiptSink receipts) {
        SmsSettings sms = SmsSettings.from(settings);
        return switch (sms.gateway()) {
            case "outbox" -> new SmsOutboxGateway(sms.outbox(), clock);
            case "twilio" -> HttpSmsGateway.twilio(settings, clock, workers);
            case "generic" -> HttpSmsGateway.generic(settings, clock, workers);
            // SMPP: org.arrears.sms.smpp.SmppGateway.from(settings, clock, receipts), when that package is part of the build
            case "smpp" -> throw new ConfigException(settings.origin() + ": setting 'arrears.sms.gateway' is smpp, but the "
                    + "SMPP gateway is not built in");
            default -> throw new ConfigException(settings.origin() + ": setting 'arrears.sms.gateway': unknown gateway '"
                    + sms.gateway() + "'");
        };
    }
}
