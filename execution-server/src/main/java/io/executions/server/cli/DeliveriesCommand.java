package io.executions.server.cli;

import io.executions.api.Caller;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.api.json.DeliveryJson;
import io.executions.api.json.Timestamps;
import io.executions.server.ServerConfig;
import io.executions.api.service.ActionService;
import io.executions.api.service.ServiceError;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.InstanceId;
import io.executions.projections.DeliveryPage;
import io.executions.projections.DeliverySearch;
import io.executions.projections.DeliveryView;
import io.executions.runtime.Executions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The delivery log (docs/delivery.md) from the store: {@code deliveries list} and {@code deliveries retry ID}, through
 * the same application service as {@code POST /v2beta/actions/deliveries/_search} and {@code .../{id}/_retry}. It
 * opens the store without a delivery worker.
 */
@Command(name = "deliveries", mixinStandardHelpOptions = true,
        description = "Lists the delivery log or puts a dead delivery back to pending.",
        subcommands = {DeliveriesCommand.ListDeliveries.class, DeliveriesCommand.RetryDelivery.class})
final class DeliveriesCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: deliveries list|retry (see deliveries --help)");
    }

    private static Executions open(ServerConfig cfg) {
        return Engines.awaitCaughtUp(cfg.engineBuilder().delivery(cfg.deliveryConfig(null)).build());
    }

    private static ActionService service(Executions engine, Caller caller) {
        return new ActionService(engine, header -> Optional.of(caller), InstanceFeatures.allEnabled());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists deliveries, oldest first.")
    static final class ListDeliveries implements Callable<Integer> {
        @Mixin
        AuditStoreOptions store;

        @Option(names = "--status", paramLabel = "STATUS", description = "PENDING, SUCCEEDED or DEAD")
        DeliveryStatus status;

        @Option(names = "--target", paramLabel = "ID", description = "only deliveries to this target")
        String target;

        @Option(names = "--event-type", paramLabel = "TYPE", description = "only deliveries of this event type")
        String eventType;

        @Option(names = "--offset", defaultValue = "0")
        long offset;

        @Option(names = "--limit", defaultValue = "0", description = "0: all")
        long limit;

        @Option(names = "--newest-first")
        boolean newestFirst;

        @Option(names = "--json", description = "print the answer as the JSON of POST /v2beta/actions/deliveries/_search")
        boolean json;

        @Override
        public Integer call() {
            ServerConfig cfg = Engines.configOrReport(store.config);
            if (cfg == null) {
                return 2;
            }
            String in = AuditQuery.instance(store.instance, cfg);
            List<DeliverySearch.Filter> filters = new ArrayList<>();
            if (status != null) {
                filters.add(new DeliverySearch.ByStatus(status));
            }
            if (target != null) {
                filters.add(new DeliverySearch.ByTarget(target));
            }
            if (eventType != null) {
                filters.add(new DeliverySearch.ByEventType(eventType));
            }
            DeliveryPage page;
            try (Executions engine = open(cfg)) {
                Caller reader = new Caller(InstanceId.of(in), "cli", Set.of(Permissions.EXECUTION_READ));
                page = service(engine, reader).searchDeliveries(reader,
                        new DeliverySearch(filters, offset, limit, !newestFirst));
            } catch (ServiceError e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                System.err.println("error: " + Engines.explain(e, cfg));
                return 2;
            }
            if (json) {
                System.out.println(AuditQuery.pretty(DeliveryJson.page(page)));
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (DeliveryView d : page.deliveries()) {
                rows.add(List.of(d.id().value(), d.targetId().value(), d.eventType(), d.status().name(),
                        Integer.toString(d.attempts()), d.nextAttempt() == null ? "-" : Timestamps.format(d.nextAttempt()),
                        Timestamps.format(d.createdDate()), d.lastError()));
            }
            System.out.print(AuditQuery.table(List.of("ID", "TARGET", "EVENT TYPE", "STATUS", "ATTEMPTS",
                    "NEXT ATTEMPT", "CREATED", "LAST ERROR"), rows));
            System.out.println(page.totalResult() + " deliveries");
            return 0;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Puts a dead delivery back to pending, due now, with a fresh attempt budget.")
    static final class RetryDelivery implements Callable<Integer> {
        @Mixin
        AuditStoreOptions store;

        @Parameters(paramLabel = "ID", description = "the delivery id")
        String id;

        @Override
        public Integer call() {
            ServerConfig cfg = Engines.configOrReport(store.config);
            if (cfg == null) {
                return 2;
            }
            String in = AuditQuery.instance(store.instance, cfg);
            try (Executions engine = open(cfg)) {
                Caller admin = new Caller(InstanceId.of(in), "cli",
                        Set.of(Permissions.EXECUTION_READ, Permissions.EXECUTION_WRITE));
                DeliveryView view = service(engine, admin).retryDelivery(admin, DeliveryId.of(id));
                System.out.println("delivery " + view.id() + " is " + view.status() + " (" + view.attempts()
                        + " attempts so far)");
                return 0;
            } catch (ServiceError e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                ServiceError error = ServiceError.from(e, "deliveries retry");
                System.err.println("error: " + error.getMessage());
                return 2;
            }
        }
    }
}
