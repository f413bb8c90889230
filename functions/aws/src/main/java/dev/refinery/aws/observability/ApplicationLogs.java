package dev.refinery.aws.observability;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;

/**
 * The use cases (functions/application) log through {@code System.Logger}, which without a provider of its own is
 * java.util.logging. This hands their records to log4j, so they are lines of this module's log4j configuration
 * like any other: JSON with the Lambda context and the handlers' ThreadContext in Lambda, the local stack's and
 * the command line's levels and pattern there. {@link dev.refinery.aws.Wiring} installs it once per JVM.
 */
public final class ApplicationLogs {
    /** Held: java.util.logging keeps its loggers weakly, and a collected logger would lose this handler. */
    private static final java.util.logging.Logger APPLICATION = java.util.logging.Logger.getLogger("dev.refinery.application");

    static {
        APPLICATION.setUseParentHandlers(false);
        APPLICATION.setLevel(java.util.logging.Level.ALL); // log4j's configuration decides what is shown
        APPLICATION.addHandler(new ToLog4j());
    }

    private ApplicationLogs() {
    }

    /** Installs the bridge (the class's initialisation does; calling it again does nothing). */
    public static void install() {
        // the static initialiser ran
    }

    static Level level(java.util.logging.Level level) {
        int v = level.intValue();
        if (v >= java.util.logging.Level.SEVERE.intValue()) {
            return Level.ERROR;
        }
        if (v >= java.util.logging.Level.WARNING.intValue()) {
            return Level.WARN;
        }
        if (v >= java.util.logging.Level.INFO.intValue()) {
            return Level.INFO;
        }
        if (v >= java.util.logging.Level.FINE.intValue()) {
            return Level.DEBUG;
        }
        return Level.TRACE;
    }

    private static final class ToLog4j extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record == null) {
                return;
            }
            org.apache.logging.log4j.Logger target = LogManager.getLogger(record.getLoggerName() == null ? "dev.refinery.application" : record.getLoggerName());
            Level level = level(record.getLevel());
            if (target.isEnabled(level)) {
                target.log(level, formatter.formatMessage(record), record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
