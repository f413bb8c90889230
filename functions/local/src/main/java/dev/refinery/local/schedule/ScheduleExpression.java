package dev.refinery.local.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(value unit)} or the six-field
 * {@code cron(minutes hours day-of-month month day-of-week year)}, in UTC, with the wildcards
 * {@code , - * / ?}, month names JAN-DEC and day names SUN-SAT (1 = Sunday). One of day-of-month
 * and day-of-week must be {@code ?}, as EventBridge requires. {@code L}, {@code W} and {@code #}
 * are refused by name; so is anything else (an {@code at(...)} one-time schedule included).
 */
public sealed interface ScheduleExpression permits ScheduleExpression.Rate, ScheduleExpression.Cron {
    /** The first time strictly after {@code after} the schedule fires, if it ever does. */
    Optional<Instant> next(Instant after);

    String text();

    Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+([a-z]+)\\s*\\)");
    Pattern CRON = Pattern.compile("cron\\((.*)\\)");

    static ScheduleExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("No schedule expression given: use rate(1 day) or cron(0 3 * * ? *)");
        }
        String e = expression.trim();
        Matcher rate = RATE.matcher(e);
        if (rate.matches()) {
            return Rate.of(e, Long.parseLong(rate.group(1)), rate.group(2));
        }
        Matcher cron = CRON.matcher(e);
        if (cron.matches()) {
            return Cron.of(e, cron.group(1).trim());
        }
        if (e.startsWith("at(")) {
            throw new IllegalArgumentException("'" + e + "' is a one-time schedule; the catalog refresh recurs: use rate(...) or cron(...)");
        }
        throw new IllegalArgumentException("'" + e + "' is not a schedule expression: use rate(value unit), e.g. rate(6 hours), "
                + "or cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 3 * * ? *)");
    }

    /** rate(value unit): every {@code period}, the first time one period after the schedule starts. */
    record Rate(String text, Duration period) implements ScheduleExpression {
        static Rate of(String text, long value, String unit) {
            if (value < 1) {
                throw new IllegalArgumentException("'" + text + "': the rate must be a positive whole number");
            }
            ChronoUnit u = switch (unit) {
                case "minute", "minutes" -> ChronoUnit.MINUTES;
                case "hour", "hours" -> ChronoUnit.HOURS;
                case "day", "days" -> ChronoUnit.DAYS;
                default -> throw new IllegalArgumentException("'" + text + "': the unit must be minute(s), hour(s) or day(s), not '" + unit + "'");
            };
            boolean singular = !unit.endsWith("s");
            if (singular != (value == 1)) {
                throw new IllegalArgumentException("'" + text + "': EventBridge wants the singular unit for 1 and the plural otherwise, e.g. rate(1 hour), rate(5 hours)");
            }
            return new Rate(text, Duration.of(value, u));
        }

        @Override
        public Optional<Instant> next(Instant after) {
            return Optional.of(after.plus(period));
        }
    }

    /** cron(...) in UTC, to the minute. */
    record Cron(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek, BitSet years,
                boolean anyDayOfMonth, boolean anyDayOfWeek) implements ScheduleExpression {
        private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3),
                Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8),
                Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
        private static final Map<String, Integer> DAYS = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5, "FRI", 6, "SAT", 7);
        private static final int FIRST_YEAR = 1970;
        private static final int LAST_YEAR = 2199;

        static Cron of(String text, String body) {
            String[] f = body.split("\\s+");
            if (f.length != 6) {
                throw new IllegalArgumentException("'" + text + "' has " + f.length + " fields; EventBridge cron has six: "
                        + "minutes hours day-of-month month day-of-week year, e.g. cron(0 3 * * ? *)");
            }
            boolean domAny = f[2].equals("?");
            boolean dowAny = f[4].equals("?");
            if (domAny == dowAny) {
                throw new IllegalArgumentException("'" + text + "': exactly one of day-of-month and day-of-week must be '?'");
            }
            return new Cron(text, field(text, "minutes", f[0], 0, 59, Map.of(), false), field(text, "hours", f[1], 0, 23, Map.of(), false),
                    domAny ? all(1, 31) : field(text, "day-of-month", f[2], 1, 31, Map.of(), true),
                    field(text, "month", f[3], 1, 12, MONTHS, false),
                    dowAny ? all(1, 7) : field(text, "day-of-week", f[4], 1, 7, DAYS, true),
                    field(text, "year", f[5], FIRST_YEAR, LAST_YEAR, Map.of(), false), domAny, dowAny);
        }

        private static BitSet all(int min, int max) {
            BitSet b = new BitSet();
            b.set(min, max + 1);
            return b;
        }

        private static BitSet field(String text, String name, String spec, int min, int max, Map<String, Integer> names, boolean dayField) {
            for (String unsupported : new String[] {"L", "W", "#"}) {
                if (dayField && spec.toUpperCase(Locale.ROOT).contains(unsupported)) {
                    throw new IllegalArgumentException("'" + text + "': '" + unsupported + "' in " + name
                            + " is not supported by the local scheduler; list the days instead");
                }
            }
            if (spec.equals("?")) {
                throw new IllegalArgumentException("'" + text + "': '?' is only allowed in day-of-month or day-of-week");
            }
            BitSet out = new BitSet();
            for (String part : spec.split(",")) {
                String range = part;
                int step = 1;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    range = part.substring(0, slash);
                    step = number(text, name, part.substring(slash + 1), names, 1, Integer.MAX_VALUE);
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.contains("-")) {
                    String[] ends = range.split("-", 2);
                    from = number(text, name, ends[0], names, min, max);
                    to = number(text, name, ends[1], names, min, max);
                    if (to < from) {
                        throw new IllegalArgumentException("'" + text + "': the range " + range + " in " + name + " runs backwards");
                    }
                } else {
                    from = number(text, name, range, names, min, max);
                    to = slash >= 0 ? max : from;
                }
                for (int v = from; v <= to; v += step) {
                    out.set(v);
                }
            }
            return out;
        }

        private static int number(String text, String name, String token, Map<String, Integer> names, int min, int max) {
            Integer named = names.get(token.toUpperCase(Locale.ROOT));
            int v;
            if (named != null) {
                v = named;
            } else {
                try {
                    v = Integer.parseInt(token);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "': '" + token + "' is not a valid " + name + " value");
                }
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("'" + text + "': " + name + " " + v + " is outside " + min + "-" + max);
            }
            return v;
        }

        private boolean dayMatches(LocalDate d) {
            if (!anyDayOfMonth) {
                return daysOfMonth.get(d.getDayOfMonth());
            }
            // EventBridge numbers the week from Sunday = 1.
            int dow = d.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : d.getDayOfWeek().getValue() + 1;
            return daysOfWeek.get(dow);
        }

        @Override
        public Optional<Instant> next(Instant after) {
            LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            while (t.getYear() <= LAST_YEAR) {
                if (!years.get(t.getYear())) {
                    t = LocalDateTime.of(t.getYear() + 1, 1, 1, 0, 0);
                } else if (!months.get(t.getMonthValue())) {
                    t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
                } else if (!dayMatches(t.toLocalDate())) {
                    t = t.toLocalDate().plusDays(1).atStartOfDay();
                } else if (!hours.get(t.getHour())) {
                    t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                } else if (!minutes.get(t.getMinute())) {
                    t = t.plusMinutes(1);
                } else {
                    return Optional.of(t.toInstant(ZoneOffset.UTC));
                }
            }
            return Optional.empty();
        }
    }
}
