package dev.refinery.reliability.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the process logs while open, at every level: Log4j2 (which the AWS SDK's SLF4J output
 * also reaches) with every logger raised to ALL, java.util.logging (OkHttp), and stdout/stderr.
 * Closing restores the levels and the streams.
 */
final class LogCapture implements AutoCloseable {
    private final StringWriter log4j = new StringWriter();
    private final StringBuilder jul = new StringBuilder();
    private final ByteArrayOutputStream std = new ByteArrayOutputStream();
    private final Map<LoggerConfig, Level> levels = new HashMap<>();
    private final LoggerContext context;
    private final Appender appender;
    private final Handler julHandler;
    private final java.util.logging.Level julLevel;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("secrets-capture").setTarget(log4j)
                .setLayout(PatternLayout.newBuilder().withPattern("%d %p %c %X %m%n%ex").build()).build();
        appender.start();
        cfg.addAppender(appender);
        java.util.List<LoggerConfig> all = new java.util.ArrayList<>(cfg.getLoggers().values());
        if (!all.contains(cfg.getRootLogger())) {
            all.add(cfg.getRootLogger());
        }
        for (LoggerConfig lc : all) {
            levels.put(lc, lc.getLevel());
            lc.setLevel(Level.ALL);
            lc.addAppender(appender, Level.ALL, null);
        }
        context.updateLoggers();

        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        julLevel = root.getLevel();
        julHandler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (jul) {
                    jul.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(' ').append(r.getMessage());
                    if (r.getParameters() != null) {
                        for (Object p : r.getParameters()) {
                            jul.append(' ').append(p);
                        }
                    }
                    if (r.getThrown() != null) {
                        jul.append(' ').append(r.getThrown());
                    }
                    jul.append('\n');
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        julHandler.setLevel(java.util.logging.Level.ALL);
        root.addHandler(julHandler);
        root.setLevel(java.util.logging.Level.ALL);

        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                synchronized (std) {
                    std.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (std) {
                    std.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
    }

    /** Everything captured so far. */
    String text() {
        String std;
        synchronized (this.std) {
            std = this.std.toString(StandardCharsets.UTF_8);
        }
        synchronized (jul) {
            return log4j + "\n" + jul + "\n" + std;
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.removeHandler(julHandler);
        root.setLevel(julLevel);
        Configuration cfg = context.getConfiguration();
        levels.forEach((lc, level) -> {
            lc.removeAppender(appender.getName());
            lc.setLevel(level);
        });
        context.updateLoggers();
        appender.stop();
    }
}
