package io.executions.domain.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Aggregate identifiers as stored by the event store. A condition may be 1000 code points (up to 4000
 * bytes in UTF-8), and the instance id is the host's: together they exceed both Axon's default
 * identifier column and PostgreSQL's btree limit for the unique (aggregateIdentifier, sequenceNumber)
 * index. The identifier is therefore a fixed-length digest of (instance, id); the readable instance,
 * id and condition are carried by every event's payload.
 */
public final class AggregateIds {
    private AggregateIds() {
    }

    public static String execution(InstanceId instance, ExecutionId id) {
        return "execution-" + digest(instance.value(), id.value());
    }

    public static String target(InstanceId instance, TargetId id) {
        return "target-" + digest(instance.value(), id.value());
    }

    /** The aggregate holding one target's public keys (docs/dispatch.md, JWE). */
    public static String targetKeys(InstanceId instance, TargetId id) {
        return "targetkeys-" + digest(instance.value(), id.value());
    }

    private static String digest(String instance, String local) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(instance.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(local.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
