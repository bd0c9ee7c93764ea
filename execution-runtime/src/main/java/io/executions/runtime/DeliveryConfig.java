package io.executions.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Durable delivery (docs/delivery.md), switched on with {@code Executions.builder().delivery(config)}.
 * Defaults: {@code maxAttempts} 10, {@code initialBackoff} 10 s, {@code maxBackoff} 900 s (10 attempts over
 * about 50 minutes), jitter ±20 %, no maximum age, 8 attempts at once, a claim lease of 300 s (longer than
 * the longest target timeout, 270 s), a poll every 500 ms, 10 s to finish attempts at shutdown. Without a
 * {@link DeliverySender} this process stores deliveries but runs no worker (another process delivers).
 */
public final class DeliveryConfig {
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(900);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxAge;
    private final int concurrency;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration shutdownGrace;
    private final DeliverySender sender;

    private DeliveryConfig(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxAge = b.maxAge;
        this.concurrency = b.concurrency;
        this.lease = b.lease;
        this.pollInterval = b.pollInterval;
        this.shutdownGrace = b.shutdownGrace;
        this.sender = b.sender;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, with this sender. */
    public static DeliveryConfig defaults(DeliverySender sender) {
        return builder().sender(sender).build();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double jitter() {
        return jitter;
    }

    /** Null: no maximum age. Measured from the first schedule or the last retry. */
    public Duration maxAge() {
        return maxAge;
    }

    public int concurrency() {
        return concurrency;
    }

    public Duration lease() {
        return lease;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** Null: no worker in this process. */
    public DeliverySender sender() {
        return sender;
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff, jitter);
    }

    /** Validating builder. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double jitter = 0.2;
        private Duration maxAge;
        private int concurrency = 8;
        private Duration lease = Duration.ofSeconds(300);
        private Duration pollInterval = Duration.ofMillis(500);
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private DeliverySender sender;

        private Builder() {
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** The random spread of each backoff, 0 to 1: 0.2 makes a 10 s backoff anything from 8 s to 12 s. */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /**
         * How long a claimed delivery stays reserved for the worker that claimed it. A worker that dies
         * (kill -9) holds its claims this long; an attempt is cut off before its claim runs out.
         */
        public Builder lease(Duration lease) {
            this.lease = lease;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        public Builder sender(DeliverySender sender) {
            this.sender = sender;
            return this;
        }

        public DeliveryConfig build() {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("delivery.maxAttempts must be at least 1, was " + maxAttempts);
            }
            positive(initialBackoff, "delivery.initialBackoff");
            positive(maxBackoff, "delivery.maxBackoff");
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("delivery.maxBackoff must not be less than delivery.initialBackoff");
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("delivery.jitter must be between 0 and 1, was " + jitter);
            }
            if (maxAge != null) {
                positive(maxAge, "delivery.maxAge");
            }
            if (concurrency < 1 || concurrency > 1024) {
                throw new IllegalArgumentException("delivery.concurrency must be 1..1024, was " + concurrency);
            }
            positive(lease, "delivery.lease");
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("delivery.lease must be at least 1s");
            }
            positive(pollInterval, "delivery.pollInterval");
            Objects.requireNonNull(shutdownGrace, "delivery.shutdownGrace");
            if (shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("delivery.shutdownGrace must not be negative");
            }
            return new DeliveryConfig(this);
        }

        private static void positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
        }
    }
}
