package io.executions.api.json;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in protobuf's JSON form: seconds with an {@code s} suffix, e.g. {@code "10s"}, {@code "1.5s"}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(-)?([0-9]{1,12})(?:\\.([0-9]{1,9}))?s");

    private Durations() {
    }

    public static Duration parse(String text, String field) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new ShapeException("'" + field + "' must be a duration such as \"10s\" or \"1.5s\", got '"
                    + text + "'");
        }
        long seconds = Long.parseLong(m.group(2));
        String fraction = m.group(3) == null ? "" : m.group(3);
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
        Duration d = Duration.ofSeconds(seconds, nanos);
        return m.group(1) != null ? d.negated() : d;
    }

    /** The shortest exact form: {@code 10s}, {@code 1.5s}, {@code 0.25s}. */
    public static String format(Duration duration) {
        if (duration == null) {
            return "0s";
        }
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds())
                .add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros();
        return seconds.toPlainString() + "s";
    }
}
