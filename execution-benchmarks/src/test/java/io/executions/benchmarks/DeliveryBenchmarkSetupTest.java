package io.executions.benchmarks;

import io.executions.benchmarks.support.DeliveryWorkload;
import io.executions.projections.DeliverySearch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery benchmarks' setup does what they time. Nothing here is timed. */
class DeliveryBenchmarkSetupTest {
    @Test
    void publishStoresOneDeliveryAndThePlainBaselineInsertsARowOfTheBytesAPublishStores() throws Exception {
        DeliveryPublishBenchmark bench = new DeliveryPublishBenchmark();
        DeliveryPublishBenchmark.Engine engine = new DeliveryPublishBenchmark.Engine();
        engine.store = "h2";
        engine.setUp();
        DeliveryPublishBenchmark.Plain plain = new DeliveryPublishBenchmark.Plain();
        plain.store = "h2";
        plain.setUp();
        try {
            assertThat(bench.publish(engine)).isEqualTo(1);
            assertThat(engine.engine.deliveries().search(DeliveryWorkload.INSTANCE, DeliverySearch.all())
                    .totalResult()).isEqualTo(1);
            assertThat(bench.plainInsertCommit(plain)).isEqualTo(1);
            // the event's payload and metadata plus the delivery body: several hundred bytes
            assertThat(plain.row.length()).isBetween(500, 5000);
        } finally {
            engine.tearDown();
            plain.tearDown();
        }
    }
}
