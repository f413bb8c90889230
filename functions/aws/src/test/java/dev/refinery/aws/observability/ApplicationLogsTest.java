package dev.refinery.aws.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

/** The use cases' System.Logger lines reach log4j, under their own logger name, with the handler's ThreadContext. */
class ApplicationLogsTest {
    @Test
    void aUseCasesSystemLoggerLineIsALog4jLine() {
        ApplicationLogs.install();
        StringWriter out = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("application-logs-test").setTarget(out)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c [%X{tenant}] %m%n").build()).build();
        appender.start();
        LoggerConfig root = cfg.getRootLogger();
        root.addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        ThreadContext.put("tenant", "acme");
        try {
            System.Logger log = System.getLogger("dev.refinery.application.UploadIntake");
            log.log(System.Logger.Level.WARNING, () -> "upload rejected: tenant=acme key=k reason=too big");
            log.log(System.Logger.Level.DEBUG, () -> "below the configured level");
        } finally {
            ThreadContext.remove("tenant");
            root.removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
        }
        assertThat(out.toString()).contains("WARN dev.refinery.application.UploadIntake [acme] upload rejected: tenant=acme key=k reason=too big")
                .doesNotContain("below the configured level");
    }

    @Test
    void levelsMapToTheirLog4jCounterparts() {
        assertThat(ApplicationLogs.level(java.util.logging.Level.SEVERE)).isEqualTo(Level.ERROR);
        assertThat(ApplicationLogs.level(java.util.logging.Level.WARNING)).isEqualTo(Level.WARN);
        assertThat(ApplicationLogs.level(java.util.logging.Level.INFO)).isEqualTo(Level.INFO);
        assertThat(ApplicationLogs.level(java.util.logging.Level.FINE)).isEqualTo(Level.DEBUG);
        assertThat(ApplicationLogs.level(java.util.logging.Level.FINEST)).isEqualTo(Level.TRACE);
    }
}
