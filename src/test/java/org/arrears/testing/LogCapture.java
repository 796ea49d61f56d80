package org.arrears.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.URI;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the JVM logs while open, in memory, with stack traces, under the shipped logging configuration
 * (src/main/resources/log4j2.xml: its levels and filters, so Camel's startup summaries are captured as in
 * production). Closing it restores the test configuration.
 */
public final class LogCapture implements AutoCloseable {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** One captured event: level, logger, formatted message (with the exception's own message, if any). */
    public record Line(Level level, String logger, String message) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message;
        }
    }

    private final StringBuilder text = new StringBuilder();
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;
    private final URI testConfiguration;

    private LogCapture() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        testConfiguration = ctx.getConfigLocation();
        ctx.setConfigLocation(Path.of("src/main/resources/log4j2.xml").toUri());
        Configuration config = ctx.getConfiguration();
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(config)
                .withPattern("%-5level [%t] %c - %msg%n%throwable").build();
        appender = new AbstractAppender("capture-" + SEQ.incrementAndGet(), null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " " + event.getThrown())));
                String line = (String) getLayout().toSerializable(event);
                synchronized (text) {
                    text.append(line);
                }
            }
        };
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, null, null);
        ctx.updateLoggers();
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** What was logged so far. */
    public String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    /** The events so far, one per log call. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<Line> at(Level level) {
        return lines.stream().filter(l -> l.level() == level).toList();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        appender.stop();
        ctx.setConfigLocation(testConfiguration);
    }
}
