package io.executions.projections;

import java.util.List;

/** A page of the delivery log; {@code totalResult} counts before offset and limit. */
public record DeliveryPage(long totalResult, List<DeliveryView> deliveries) {
}
