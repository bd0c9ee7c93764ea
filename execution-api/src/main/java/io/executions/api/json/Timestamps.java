package io.executions.api.json;

import io.executions.domain.api.SetExecutionResult;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as protobuf's JSON mapping writes them: RFC 3339 in UTC with millisecond precision
 * ({@code 2024-12-18T07:50:47.492Z}, finer digits only when the instant has them), and ZITADEL's zero
 * time exactly as {@code 0001-01-01T00:00:00Z}.
 */
public final class Timestamps {
    public static final String ZERO = "0001-01-01T00:00:00Z";
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern(
            "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        if (instant == null || instant.equals(SetExecutionResult.NEVER)) {
            return ZERO;
        }
        int nanos = instant.getNano();
        if (nanos % 1_000_000 == 0) {
            return MILLIS.format(instant);
        }
        if (nanos % 1_000 == 0) {
            return MICROS.format(instant);
        }
        return NANOS.format(instant);
    }

    /** Parses RFC 3339 with any offset ({@code Z} or {@code +02:00}). */
    public static Instant parse(String text, String field) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ShapeException("'" + field + "' must be an RFC 3339 timestamp such as "
                    + "2024-12-18T07:50:47.492Z, got '" + text + "'");
        }
    }
}
