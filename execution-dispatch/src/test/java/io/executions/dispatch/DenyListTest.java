package io.executions.dispatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DenyListTest {
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    /** A resolver the test controls: names map to addresses that may change between two lookups. */
    static final class FakeDns implements HostResolver {
        final Map<String, List<String>> answers = new ConcurrentHashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            lookups.incrementAndGet();
            List<String> addresses = answers.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            java.util.ArrayList<InetAddress> result = new java.util.ArrayList<>();
            for (String a : addresses) {
                result.add(InetAddress.getByName(a)); // literals: no lookup
            }
            return result;
        }
    }

    private TestTargets targets;
    private final FakeDns dns = new FakeDns();

    @BeforeEach
    void start() throws Exception {
        targets = new TestTargets();
    }

    @AfterEach
    void stop() throws Exception {
        targets.close();
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void the_default_list_denies_loopback_private_link_local_and_unique_local_addresses() throws Exception {
        DenyList list = DenyList.defaults();

        for (String denied : List.of("127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "::1", "fc00::1", "fd12:3456::1", "0.0.0.0", "::",
                "::ffff:127.0.0.1", "::ffff:10.0.0.1")) {
            assertThat(list.denies(ip(denied))).as(denied).isTrue();
        }
        for (String allowed : List.of("8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:db8::1", "fe80::1")) {
            assertThat(list.denies(ip(allowed))).as(allowed).isFalse();
        }
    }

    @Test
    void host_name_entries_deny_the_name_and_names_under_it_case_insensitively() {
        DenyList list = DenyList.of(List.of("localhost", "internal.example.com"));

        assertThat(list.denyingEntry("localhost")).isEqualTo("localhost");
        assertThat(list.denyingEntry("LOCALHOST.")).isEqualTo("localhost");
        assertThat(list.denyingEntry("api.localhost")).isEqualTo("localhost");
        assertThat(list.denyingEntry("db.Internal.Example.com")).isEqualTo("internal.example.com");
        assertThat(list.denyingEntry("notlocalhost")).isNull();
        assertThat(list.denyingEntry("example.com")).isNull();
    }

    @Test
    void literal_addresses_in_urls_are_checked_ipv6_brackets_included() {
        DenyList list = DenyList.defaults();

        assertThat(list.denyingEntry(DenyList.hostOf("http://[::1]:8080/hook"))).isEqualTo("::1/128");
        assertThat(list.denyingEntry(DenyList.hostOf("http://10.0.0.5/hook"))).isEqualTo("10.0.0.0/8");
        assertThat(list.denyingEntry(DenyList.hostOf("https://[2001:db8::5]/hook"))).isNull();
    }

    @Test
    void a_bad_entry_is_refused_with_its_text() {
        assertThatThrownBy(() -> DenyList.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> DenyList.of(List.of("not a host!"))).hasMessageContaining("not a host!");
    }

    @Test
    void the_create_time_guard_denies_a_name_that_resolves_into_the_list() {
        dns.answers.put("hooks.example.test", List.of("93.184.216.34", "10.0.0.7"));
        dns.answers.put("public.example.test", List.of("93.184.216.34"));
        EndpointGuard guard = new EndpointGuard(DenyList.defaults(), dns);

        assertThat(guard.denialReason("https://hooks.example.test/x")).contains("10.0.0.7").contains("10.0.0.0/8");
        assertThat(guard.denialReason("https://public.example.test/x")).isNull();
        assertThat(guard.denialReason("http://127.0.0.1:9/x")).contains("127.0.0.0/8");
        assertThat(guard.denialReason("http://localhost:9/x")).contains("localhost");
        assertThat(guard.denialReason("https://unknown.example.test/x")).as("not resolvable yet").isNull();
        assertThat(new EndpointGuard(DenyList.none(), dns).denialReason("http://127.0.0.1/x")).isNull();
    }

    @Test
    void a_literal_denied_address_is_never_called() throws Exception {
        try (TargetClient client = TargetClient.builder().denyList(DenyList.defaults()).build()) {
            CallOutcome outcome = client.call(new TargetCall(targets.url("/ok"), Duration.ofSeconds(5), List.of(),
                    BODY, null, "d")).get(10, TimeUnit.SECONDS);

            assertThat(outcome.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(outcome.error()).contains("127.0.0.0/8");
            assertThat(targets.received()).isEmpty();
        }
    }

    @Test
    void a_name_resolving_into_the_list_at_call_time_is_denied_and_never_called() throws Exception {
        dns.answers.put("hook.example.test", List.of("127.0.0.1"));
        try (TargetClient client = TargetClient.builder().denyList(DenyList.of(List.of("127.0.0.0/8")))
                .resolver(dns).build()) {
            CallOutcome outcome = client.call(new TargetCall("http://hook.example.test:" + targets.port() + "/ok",
                    Duration.ofSeconds(5), List.of(), BODY, null, "d")).get(10, TimeUnit.SECONDS);

            assertThat(outcome.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(outcome.error()).contains("127.0.0.1");
            assertThat(targets.received()).isEmpty();
        }
    }

    @Test
    void the_connection_goes_to_the_address_the_checked_lookup_answered() throws Exception {
        // the name exists only in the test's resolver: reaching the target proves the client used that answer
        dns.answers.put("hook.example.test", List.of("127.0.0.1"));
        try (TargetClient client = TargetClient.builder().denyList(DenyList.of(List.of("10.0.0.0/8")))
                .resolver(dns).build()) {
            CallOutcome outcome = client.call(new TargetCall("http://hook.example.test:" + targets.port() + "/ok",
                    Duration.ofSeconds(5), List.of(), BODY, null, "d")).get(10, TimeUnit.SECONDS);

            assertThat(outcome.outcome()).isEqualTo(Outcome.OK);
            assertThat(targets.received("/ok")).hasSize(1);
            assertThat(dns.lookups.get()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void a_name_that_passed_the_create_check_and_then_rebinds_into_the_list_is_denied_at_call_time()
            throws Exception {
        DenyList list = DenyList.of(List.of("127.0.0.0/8"));
        dns.answers.put("rebind.example.test", List.of("93.184.216.34"));
        assertThat(new EndpointGuard(list, dns).denialReason("http://rebind.example.test/ok")).isNull();

        dns.answers.put("rebind.example.test", List.of("127.0.0.1")); // the attacker's DNS answers differently now
        try (TargetClient client = TargetClient.builder().denyList(list).resolver(dns).build()) {
            CallOutcome outcome = client.call(new TargetCall("http://rebind.example.test:" + targets.port() + "/ok",
                    Duration.ofSeconds(5), List.of(), BODY, null, "d")).get(10, TimeUnit.SECONDS);

            assertThat(outcome.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(targets.received()).isEmpty();
        }
    }

    @Test
    void an_ipv6_answer_in_the_list_is_denied() throws Exception {
        dns.answers.put("v6.example.test", List.of("::1"));
        try (TargetClient client = TargetClient.builder().denyList(DenyList.defaults()).resolver(dns).build()) {
            CallOutcome outcome = client.call(new TargetCall("http://v6.example.test:" + targets.port() + "/ok",
                    Duration.ofSeconds(5), List.of(), BODY, null, "d")).get(10, TimeUnit.SECONDS);

            assertThat(outcome.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(outcome.error()).contains("::1/128");
        }
    }

    @Test
    void a_redirect_to_a_denied_address_is_failed_and_not_followed() throws Exception {
        dns.answers.put("hook.example.test", List.of("127.0.0.1"));
        try (TargetClient client = TargetClient.builder().denyList(DenyList.of(List.of("169.254.0.0/16")))
                .resolver(dns).build()) {
            CallOutcome outcome = client.call(new TargetCall(
                    "http://hook.example.test:" + targets.port() + "/redirect-denied", Duration.ofSeconds(5),
                    List.of(), BODY, null, "d")).get(10, TimeUnit.SECONDS);

            assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(outcome.httpStatus()).isEqualTo(302);
            assertThat(targets.received()).extracting(TestTargets.Received::path).containsExactly("/redirect-denied");
        }
    }
}
