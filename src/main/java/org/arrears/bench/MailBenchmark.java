package org.arrears.bench;

import static org.arrears.bench.BenchSupport.check;
import static org.arrears.bench.BenchSupport.peakHeapBytes;
import static org.arrears.bench.BenchSupport.resetPeaks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.arrears.config.Settings;
import org.arrears.inbound.InboundMail;
import org.arrears.inbound.MailClassifier;

/**
 * Inbound classification speed: N messages of the formats the mailbox meets (an RFC 3464 report, a Postfix-style
 * plain-text bounce, an Exchange non-delivery report, an ARF complaint, an out-of-office, a reply with a promise and
 * quoted history), built once and cycled, through {@link MailClassifier#classify(byte[])} — the mailbox's own path —
 * on one thread. Ends with {@code msgs_per_s=A peak_heap_mb=M}.
 */
public final class MailBenchmark {

    private MailBenchmark() {
    }

    public static String run(Settings settings, int messages, PrintStream out) {
        return run(settings, messages, null, out);
    }

    /** @param dir a folder of messages to cycle through instead of the built-in six (every file under it), or null */
    public static String run(Settings settings, int messages, Path dir, PrintStream out) {
        check(messages > 0, "--messages must be at least 1");
        MailClassifier classifier = MailClassifier.from(settings);
        List<byte[]> samples = dir == null ? samples() : read(dir);
        check(!samples.isEmpty(), "no message files under " + dir);
        Map<InboundMail.Kind, Integer> kinds = new EnumMap<>(InboundMail.Kind.class);
        for (byte[] s : samples) {
            kinds.merge(classifier.classify(s).kind(), 1, Integer::sum);
        }
        out.printf("samples: %d messages%s, classified as %s%n", samples.size(), dir == null ? "" : " from " + dir, kinds);
        check(dir != null || kinds.getOrDefault(InboundMail.Kind.OTHER, 0) == 0, "a sample was not classified: " + kinds);
        int warm = Math.min(messages, 20_000);
        for (int i = 0; i < warm; i++) {
            classifier.classify(samples.get(i % samples.size()));
        }
        System.gc();
        resetPeaks();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        int bounces = 0;
        for (int i = 0; i < messages; i++) {
            if (classifier.classify(samples.get(i % samples.size())).kind() == InboundMail.Kind.BOUNCE) {
                bounces++;
            }
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        long peak = peakHeapBytes() / (1024 * 1024);
        out.printf("classified %,d messages (%,d bounces) on one thread in %.2f s (%.2f s of its CPU time: %.0f a second;"
                + " the two differ when other work shares the cores)%n", messages, bounces, seconds, cpuSeconds,
                messages / cpuSeconds);
        return String.format(Locale.ROOT, "msgs_per_s=%.0f peak_heap_mb=%d", messages / seconds, peak);
    }

    private static List<byte[]> read(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<byte[]> out = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().matches("(?i).*\\.(json|md|txt|license)$|LICENSE.*")).sorted().toList()) {
                out.add(Files.readAllBytes(f));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("--dir " + dir + ": " + e.getMessage(), e);
        }
    }

    static List<byte[]> samples() {
        String token = "0123456789abcdef0123456789abcdef";
        List<String> m = new ArrayList<>();
        m.add("""
                From: Mail Delivery System <MAILER-DAEMON@mx.example>
                To: bounces+%1$s@acme.example
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <dsn-1@mx.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"

                --B
                Content-Type: text/plain

                This is the mail system at host mx.example.
                I'm sorry to have to inform you that your message could not be delivered to one or more recipients.

                <dana@example.test>: host mx.example.test[192.0.2.1] said: 550 5.1.1 <dana@example.test>: Recipient
                    address rejected: User unknown in virtual mailbox table

                --B
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example

                Final-Recipient: rfc822; dana@example.test
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <dana@example.test>: Recipient address rejected: User unknown

                --B
                Content-Type: text/rfc822-headers

                Message-ID: <%1$s@acme.example>
                To: dana@example.test
                Subject: Payment reminder

                --B--
                """.formatted(token));
        m.add("""
                From: MAILER-DAEMON@mail.example (Mail Delivery System)
                To: bounces+%1$s@acme.example
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <pf-2@mail.example>

                This is the mail system at host mail.example.

                I'm sorry to have to inform you that your message could not
                be delivered to one or more recipients. It's attached below.

                <full@example.test>: host mx.example.test[198.51.100.7] said: 452 4.2.2
                    <full@example.test>: Mailbox full (in reply to RCPT TO command)

                ------ This is a copy of the message, including all the headers. ------

                Message-ID: <%1$s@acme.example>
                Subject: Payment reminder
                """.formatted(token));
        m.add("""
                From: Microsoft Outlook <postmaster@outlook.example>
                To: bounces+%1$s@acme.example
                Subject: Undeliverable: Payment reminder
                Message-ID: <ndr-3@outlook.example>
                Content-Type: text/plain; charset=utf-8

                Delivery has failed to these recipients or groups:

                gone@example.test
                The email address you entered couldn't be found. Please check the recipient's email address and try to
                resend the message.

                Diagnostic information for administrators:
                Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
                """.formatted(token));
        m.add("""
                From: Feedback Loop <fbl@isp.example>
                To: bounces+%1$s@acme.example
                Subject: Abuse report
                Message-ID: <arf-4@isp.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="F"

                --F
                Content-Type: text/plain

                This is an email abuse report for an email message received from IP 192.0.2.10.

                --F
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: isp-fbl/1.0
                Version: 1
                Original-Rcpt-To: angry@example.test

                --F
                Content-Type: text/rfc822-headers

                Message-ID: <%1$s@acme.example>
                To: angry@example.test

                --F--
                """.formatted(token));
        m.add("""
                From: Ooo <ooo@example.test>
                To: receivables@acme.example
                Subject: Automatic reply: Payment reminder
                Auto-Submitted: auto-replied
                Message-ID: <ooo-5@example.test>
                In-Reply-To: <%1$s@acme.example>

                I am out of the office until Monday with limited access to email.
                """.formatted(token));
        m.add("""
                From: Payer <payer@example.test>
                To: receivables@acme.example
                Subject: Re: Payment reminder
                Message-ID: <reply-6@example.test>
                In-Reply-To: <%1$s@acme.example>
                Date: Tue, 2 Jun 2026 10:00:00 +0000

                Hello, I will pay 200 on the 15th. Sorry for the delay.

                Best regards
                Pat

                On Mon, 1 Jun 2026, Acme Receivables <receivables@acme.example> wrote:
                > Dear Pat,
                > your account shows EUR 250.00 overdue. Please pay by 15 June.
                """.formatted(token));
        return m.stream().map(s -> s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)).toList();
    }
}
