package io.executions.api.service;

import java.time.Instant;
import java.util.Set;

/**
 * ListPublicKeys (v2): filters AND-combined, then ordered and paged.
 *
 * @param ids              only these key ids; null: any
 * @param active           only active (true) or inactive (false) keys; null: both
 * @param expiration       with {@code expirationMethod}: compare each key's expiration date with it (a key that never
 *                         expires matches no expiration filter); null: no filter
 * @param expirationMethod EQUALS, AFTER, AFTER_OR_EQUALS, BEFORE or BEFORE_OR_EQUALS
 * @param column           CREATION_DATE (default), CHANGE_DATE or EXPIRATION_DATE (never-expiring keys last); ties
 *                         by key id
 * @param limit            0: all
 */
public record PublicKeyQuery(Set<String> ids, Boolean active, Instant expiration, String expirationMethod,
                             String column, boolean asc, long offset, long limit) {
    public static final PublicKeyQuery ALL = new PublicKeyQuery(null, null, null, null, "CREATION_DATE", true, 0, 0);
}
