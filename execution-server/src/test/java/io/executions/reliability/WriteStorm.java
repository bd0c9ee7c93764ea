package io.executions.reliability;

import io.executions.api.json.Timestamps;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.executions.reliability.TestConfig.ADMIN;
import static io.executions.reliability.TestConfig.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client threads that send random, conflicting writes of instance i1 over HTTP (SetExecution with targets,
 * includes and clearings; target creations and deletions) to one or more servers, and remember every
 * write the server acknowledged with a 200, as the store must hold it.
 */
final class WriteStorm {
    static final InstanceId I1 = InstanceId.of("i1");

    /** An acknowledged write: an execution set or cleared at {@code at}, or a target created or deleted. */
    record Ack(ExecutionId execution, List<Entry> entries, Instant at, TargetId target, boolean removed) {
    }

    final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong connectionsLost = new AtomicLong();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final List<String> targets;
    private final int methods;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger names = new AtomicInteger();

    /**
     * @param targets the ids of targets of i1 to use (grows with the targets the storm creates)
     * @param methods executions on the methods M0..M{methods-1} of the test service
     */
    WriteStorm(List<String> targets, int methods) {
        this.targets = new CopyOnWriteArrayList<>(targets);
        this.methods = methods;
    }

    /** Runs {@code threads} clients against each server until {@code ops} each or a lost connection. */
    List<Thread> start(List<Http> servers, int threadsPerServer, int ops, long seed) {
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < servers.size(); s++) {
            for (int t = 0; t < threadsPerServer; t++) {
                Http http = servers.get(s);
                Random random = new Random(seed * 31 + s * 1009L + t);
                Thread thread = new Thread(() -> client(http, random, ops), "storm-" + s + "-" + t);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
        return threads;
    }

    void stop() {
        stop.set(true);
    }

    static void join(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(120_000);
            assertThat(thread.isAlive()).as("client %s finished", thread.getName()).isFalse();
        }
    }

    private void client(Http http, Random random, int ops) {
        for (int i = 0; i < ops && !stop.get(); i++) {
            try {
                int dice = random.nextInt(100);
                if (dice < 7) {
                    createTarget(http);
                } else if (dice < 12) {
                    deleteTarget(http, random);
                } else {
                    setExecution(http, random);
                }
            } catch (IOException e) {
                connectionsLost.incrementAndGet();
                return;
            }
        }
    }

    private Http.Answer send(Http http, String method, String path, String body) throws IOException {
        sent.incrementAndGet();
        Http.Answer answer = http.trySend(method, path, "Bearer " + ADMIN,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        if (answer.status() >= 500) {
            serverErrors.incrementAndGet();
            unexpected.add(method + " " + path + " " + body + " -> " + answer);
        } else if (answer.status() >= 400) {
            refused.incrementAndGet();
        }
        return answer;
    }

    private void createTarget(Http http) throws IOException {
        Http.Answer answer = send(http, "POST", "/v2beta/actions/targets", "{\"name\": "
                + quote("storm-" + names.incrementAndGet() + "-" + System.nanoTime()) + ", \"restCall\": "
                + "{\"interruptOnError\": false}, \"endpoint\": \"https://example.com/storm\", \"timeout\": \"3s\"}");
        if (answer.status() == 200) {
            String id = answer.json().get("id").asText();
            targets.add(id);
            acks.add(new Ack(null, null, null, TargetId.of(id), false));
        }
    }

    private void deleteTarget(Http http, Random random) throws IOException {
        String id = targets.get(random.nextInt(targets.size()));
        Http.Answer answer = send(http, "DELETE", "/v2beta/actions/targets/" + id, null);
        if (answer.status() == 200 && !answer.json().get("deletionDate").asText().equals(Timestamps.ZERO)) {
            acks.add(new Ack(null, null, null, TargetId.of(id), true));
        }
    }

    private void setExecution(Http http, Random random) throws IOException {
        Condition self = Condition.requestMethod(TestConfig.method(random.nextInt(methods)));
        Set<Entry> entries = new LinkedHashSet<>();
        if (random.nextInt(6) != 0) {
            int size = 1 + random.nextInt(3);
            for (int i = 0; i < size; i++) {
                if (random.nextInt(3) == 0) {
                    entries.add(Entry.include(Condition.requestMethod(TestConfig.method(random.nextInt(methods)))));
                } else {
                    int n = targets.size();
                    entries.add(Entry.target(targets.get(Math.max(0, n - 1 - random.nextInt(Math.min(n, 8))))));
                }
            }
        }
        List<Entry> list = List.copyOf(entries);
        Http.Answer answer = send(http, "PUT", "/v2beta/actions/executions", "{\"condition\": "
                + condition(self) + ", \"targets\": " + entriesJson(list) + "}");
        if (answer.status() == 200) {
            Instant at = Timestamps.parse(answer.json().get("setDate").asText(), "setDate");
            if (!at.equals(SetExecutionResult.NEVER)) {
                acks.add(new Ack(self.id(), list, at, null, false));
            }
        }
    }

    static String condition(Condition requestMethod) {
        return "{\"request\": {\"method\": " + quote(requestMethod.value()) + "}}";
    }

    static String entriesJson(List<Entry> entries) {
        List<String> json = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry instanceof Entry.Target t) {
                json.add("{\"target\": " + quote(t.target().value()) + "}");
            } else {
                json.add("{\"include\": " + condition(((Entry.Include) entry).condition()) + "}");
            }
        }
        return "[" + String.join(", ", json) + "]";
    }

    /** Fails unless every acknowledged write is in the folded store; returns how many were checked. */
    static int assertAllHeld(Iterable<Ack> acks, StoreFold fold) {
        int checked = 0;
        for (Ack ack : acks) {
            checked++;
            if (ack.execution() != null) {
                assertThat(fold.holds(I1, ack.execution(), ack.entries(), ack.at()))
                        .as("acknowledged write %s = %s at %s is in the store", ack.execution(), ack.entries(), ack.at())
                        .isTrue();
            } else {
                assertThat(fold.holdsTarget(I1, ack.target(), ack.removed()))
                        .as("acknowledged %s of target %s is in the store", ack.removed() ? "deletion" : "creation",
                                ack.target()).isTrue();
            }
        }
        return checked;
    }
}
