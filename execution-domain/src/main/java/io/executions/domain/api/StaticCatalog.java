package io.executions.domain.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** An immutable catalog with every question answered by one hash lookup. */
public final class StaticCatalog implements Catalog {
    private final List<String> methods;
    private final List<String> services;
    private final List<String> eventTypes;
    private final List<String> functions;
    private final Set<String> methodSet;
    private final Set<String> serviceSet;
    private final Set<String> eventSet;
    private final Set<String> groupSet;
    private final Set<String> functionSet;

    /**
     * @param servicesWithMethods full service name to its method names (without service and slashes)
     * @param eventTypes          event types such as {@code user.human.added}
     * @param functions           function names such as {@code preuserinfo}
     */
    public StaticCatalog(Map<String, ? extends Collection<String>> servicesWithMethods,
                         Collection<String> eventTypes, Collection<String> functions) {
        TreeSet<String> sortedServices = new TreeSet<>(CodePoints::compare);
        TreeSet<String> sortedMethods = new TreeSet<>(CodePoints::compare);
        servicesWithMethods.forEach((service, methodNames) -> {
            sortedServices.add(service);
            for (String method : methodNames) {
                sortedMethods.add("/" + service + "/" + method);
            }
        });
        TreeSet<String> sortedEvents = new TreeSet<>(CodePoints::compare);
        sortedEvents.addAll(eventTypes);
        TreeSet<String> sortedFunctions = new TreeSet<>(CodePoints::compare);
        sortedFunctions.addAll(functions);
        this.methods = List.copyOf(sortedMethods);
        this.services = List.copyOf(sortedServices);
        this.eventTypes = List.copyOf(sortedEvents);
        this.functions = List.copyOf(sortedFunctions);
        this.methodSet = Set.copyOf(sortedMethods);
        this.serviceSet = Set.copyOf(sortedServices);
        this.eventSet = Set.copyOf(sortedEvents);
        this.functionSet = Set.copyOf(sortedFunctions);
        Set<String> groups = new HashSet<>();
        for (String event : sortedEvents) {
            // every proper dotted prefix of an event type is a group: a.b.c -> a, a.b
            int dot = event.indexOf('.');
            while (dot >= 0) {
                groups.add(event.substring(0, dot));
                dot = event.indexOf('.', dot + 1);
            }
        }
        this.groupSet = Set.copyOf(groups);
    }

    public static StaticCatalog empty() {
        return new StaticCatalog(Map.of(), List.of(), List.of());
    }

    @Override
    public List<String> methods() {
        return methods;
    }

    @Override
    public List<String> services() {
        return services;
    }

    @Override
    public List<String> eventTypes() {
        return eventTypes;
    }

    @Override
    public List<String> functions() {
        return functions;
    }

    @Override
    public boolean hasMethod(String method) {
        return methodSet.contains(method);
    }

    @Override
    public boolean hasService(String service) {
        return serviceSet.contains(service);
    }

    @Override
    public boolean hasEventType(String eventType) {
        return eventSet.contains(eventType);
    }

    @Override
    public boolean hasEventGroup(String group) {
        return groupSet.contains(group);
    }

    @Override
    public boolean hasFunction(String function) {
        return functionSet.contains(function);
    }

    @Override
    public String toString() {
        return "StaticCatalog" + new ArrayList<>(List.of(services.size() + " services", methods.size() + " methods",
                eventTypes.size() + " events", functions.size() + " functions"));
    }
}
