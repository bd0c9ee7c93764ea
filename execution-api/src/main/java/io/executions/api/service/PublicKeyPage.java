package io.executions.api.service;

import io.executions.projections.PublicKeyView;

import java.util.List;

/** One page of ListPublicKeys; {@code totalResult} counts every match before offset and limit. */
public record PublicKeyPage(long totalResult, List<PublicKeyView> keys) {
}
