package org.arrears.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;
import org.arrears.outreach.GatewayHealth;
import org.arrears.testing.LogCapture;
import org.arrears.testing.MutableClock;
import org.junit.jupiter.api.Test;

class FaultWatchTest {

    @Test
    void aFaultShowsInTheGaugeWhileItLastsAndInOneLogLineWhenItStartsAndOneWhenItEnds() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<FaultWatch.State> smtp = new AtomicReference<>(new FaultWatch.State(true, "ok"));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        try (LogCapture log = LogCapture.start();
             FaultWatch watch = new FaultWatch(registry, Map.of("smtp", smtp::get), clock, Duration.ofHours(1))) {
            watch.look();
            assertThat(registry.get("arrears_fault_active").tag("check", "smtp").gauge().value()).isZero();

            smtp.set(new FaultWatch.State(false, "smtp://127.0.0.1:25: Connection refused"));
            watch.look();
            watch.look();
            watch.look();
            assertThat(registry.get("arrears_fault_active").tag("check", "smtp").gauge().value()).isEqualTo(1.0);

            clock.advance(Duration.ofSeconds(42));
            smtp.set(new FaultWatch.State(true, "ok"));
            watch.look();
            watch.look();
            assertThat(registry.get("arrears_fault_active").tag("check", "smtp").gauge().value()).isZero();

            assertThat(log.lines()).filteredOn(l -> l.logger().endsWith("FaultWatch")).extracting(LogCapture.Line::toString)
                    .containsExactly(
                            Level.WARN + " org.arrears.metrics.FaultWatch - fault started: smtp is DOWN: smtp://127.0.0.1:25: Connection refused",
                            Level.INFO + " org.arrears.metrics.FaultWatch - fault ended: smtp is UP again after PT42S");
        }
    }

    @Test
    void aDegradedGatewayShowsInItsOwnGaugeAndAWorseningToDownIsOneLineMoreWithinTheSameFault() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<FaultWatch.State> sms = new AtomicReference<>(new FaultWatch.State(true, "ok"));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        try (LogCapture log = LogCapture.start();
             FaultWatch watch = new FaultWatch(registry, Map.of("sms", sms::get), clock, Duration.ofHours(1))) {
            sms.set(new FaultWatch.State(GatewayHealth.Level.DEGRADED, "generic http://127.0.0.1:8080: answering but refusing"));
            watch.look();
            watch.look();
            assertThat(registry.get("arrears_fault_degraded").tag("check", "sms").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("arrears_fault_active").tag("check", "sms").gauge().value()).isZero();
            assertThat(watch.faults()).containsOnlyKeys("sms");

            clock.advance(Duration.ofSeconds(10));
            sms.set(new FaultWatch.State(false, "generic http://127.0.0.1:8080: circuit open"));
            watch.look();
            assertThat(registry.get("arrears_fault_degraded").tag("check", "sms").gauge().value()).isZero();
            assertThat(registry.get("arrears_fault_active").tag("check", "sms").gauge().value()).isEqualTo(1.0);

            clock.advance(Duration.ofSeconds(20));
            sms.set(new FaultWatch.State(true, "ok"));
            watch.look();
            assertThat(registry.get("arrears_fault_active").tag("check", "sms").gauge().value()).isZero();
            assertThat(watch.faults()).isEmpty();

            assertThat(log.lines()).filteredOn(l -> l.logger().endsWith("FaultWatch")).extracting(LogCapture.Line::message)
                    .containsExactly(
                            "fault started: sms is DEGRADED: generic http://127.0.0.1:8080: answering but refusing",
                            "fault worsened: sms is DOWN: generic http://127.0.0.1:8080: circuit open",
                            "fault ended: sms is UP again after PT30S");
        }
    }
}
