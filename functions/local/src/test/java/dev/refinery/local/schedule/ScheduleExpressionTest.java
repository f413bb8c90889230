package dev.refinery.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionTest {
    private static final Instant T = Instant.parse("2026-03-14T10:17:42Z"); // a Saturday

    @Test
    void ratesFireOnePeriodAfterTheLastTime() {
        assertThat(ScheduleExpression.parse("rate(1 minute)").next(T)).contains(T.plusSeconds(60));
        assertThat(ScheduleExpression.parse("rate(6 hours)").next(T)).contains(T.plus(Duration.ofHours(6)));
        assertThat(ScheduleExpression.parse(" rate(2 days) ").next(T)).contains(T.plus(Duration.ofDays(2)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cron(0 3 * * ? *)            | 2026-03-15T03:00:00Z",
            "cron(0/15 * * * ? *)         | 2026-03-14T10:30:00Z",
            "cron(18 10 * * ? *)          | 2026-03-14T10:18:00Z",
            "cron(17 10 * * ? *)          | 2026-03-15T10:17:00Z",
            "cron(0 8 ? * MON-FRI *)      | 2026-03-16T08:00:00Z",
            "cron(0 8 ? * 1 *)            | 2026-03-15T08:00:00Z",
            "cron(30 12 1 * ? *)          | 2026-04-01T12:30:00Z",
            "cron(0 0 29 FEB ? *)         | 2028-02-29T00:00:00Z",
            "cron(5,35 9-11 14 MAR ? 2026)| 2026-03-14T10:35:00Z",
            "cron(0 0 1 1 ? 2030-2031)    | 2030-01-01T00:00:00Z"})
    void cronExpressionsFireAtTheNextMatchingMinuteInUtc(String expression, String expected) {
        assertThat(ScheduleExpression.parse(expression.trim()).next(T)).contains(Instant.parse(expected.trim()));
    }

    @Test
    void aCronWhoseYearsArePastNeverFiresAgain() {
        assertThat(ScheduleExpression.parse("cron(0 0 1 1 ? 2020)").next(T)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(0 minutes)", "rate(5 minute)", "rate(1 hours)", "rate(3 weeks)", "cron(0 3 * * *)",
            "cron(0 3 * * * *)", "cron(0 3 ? * ? *)", "cron(61 3 * * ? *)", "cron(0 3 L * ? *)", "cron(0 3 ? * 6#3 *)",
            "cron(0 3 15W * ? *)", "cron(0 3 * FOO ? *)", "cron(0 5-3 * * ? *)", "at(2026-04-01T00:00:00)", "every day", ""})
    void anythingElseIsRefusedWithAReason(String expression) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(?s).*(rate|cron|field|allowed|outside|supported|valid|backwards|singular|unit|positive|schedule).*");
    }

    @Test
    void unsupportedSpecialCharactersAreNamed() {
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 3 L * ? *)")).hasMessageContaining("'L'").hasMessageContaining("not supported");
        assertThatThrownBy(() -> ScheduleExpression.parse("at(2026-04-01T00:00:00)")).hasMessageContaining("one-time");
    }
}
