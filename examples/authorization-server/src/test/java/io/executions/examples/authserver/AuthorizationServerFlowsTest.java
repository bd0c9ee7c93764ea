package io.executions.examples.authserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.dispatch.SignatureVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example host end to end on a random port, with real OAuth2/OIDC flows driven by a real HTTP client and
 * real call targets (a JDK HttpServer on 127.0.0.1). Executions are set through the host's own admin API with a
 * token of the host itself. One started server for the class; each test sets what it needs and clears it after.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthorizationServerFlowsTest {
    static final TargetServer TARGETS;
    static final String REDIRECT = "http://127.0.0.1/callback";

    static {
        try {
            TARGETS = new TargetServer();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:flows-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("server.port", () -> "0");
        registry.add("authserver.grpc.port", () -> "0");
        registry.add("authserver.web-client.redirect-uri", () -> REDIRECT);
        registry.add("authserver.demo-webhooks", () -> "false");
        // the targets run on loopback
        registry.add("executions.dispatch.deny-list", () -> "");
        registry.add("executions.delivery.poll-interval", () -> "50ms");
        registry.add("executions.delivery.initial-backoff", () -> "100ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    UserRegistration registration;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    UserDetailsManager users;
    @Autowired
    GrpcAdminServer grpcAdmin;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> toClear = new ArrayList<>();
    private String adminToken;

    @BeforeEach
    void admin() throws Exception {
        TARGETS.calls.clear();
        adminToken = token("admin-client", "admin-secret",
                "action.execution.write action.execution.read action.target.write action.target.read").path("access_token").asText();
    }

    @AfterEach
    void clearExecutions() throws Exception {
        for (String condition : toClear) {
            setExecution(condition);
        }
        toClear.clear();
        TARGETS.observer = body -> Map.of();
    }

    @AfterAll
    static void stopTargets() {
        TARGETS.close();
    }

    // ---- client_credentials and preaccesstoken ----

    @Test
    void aClientCredentialsTokenCarriesTheClaimOfALocalCallTarget() throws Exception {
        TARGETS.answer("/claims", 200, "{\"append_claims\": [{\"key\": \"department\", \"value\": \"engineering\"},"
                + " {\"key\": \"roles\", \"value\": [\"a\", \"b\"]}, {\"key\": \"sub\", \"value\": \"someone-else\"}]}");
        Target target = createTarget("claims", "restCall", false, "/claims");
        setExecution("{\"function\": {\"name\": \"preaccesstoken\"}}", target.id);

        JsonNode answer = token("demo-client", "demo-secret", "api.read");
        Jwt jwt = verified(answer.path("access_token").asText());

        assertThat(jwt.getClaimAsString("department")).isEqualTo("engineering");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("a", "b");
        // a claim the token already has is never replaced by a target
        assertThat(jwt.getSubject()).isEqualTo("demo-client");
        TargetServer.Call call = TARGETS.callsTo("/claims").get(0);
        assertThat(SignatureVerifier.withDefaults().isValid(call.signature(),
                call.body().getBytes(StandardCharsets.UTF_8), target.signingKey)).isTrue();
        JsonNode payload = json.readTree(call.body());
        assertThat(payload.path("function").asText()).isEqualTo("preaccesstoken");
        assertThat(payload.path("client_id").asText()).isEqualTo("demo-client");
        assertThat(payload.path("grant_type").asText()).isEqualTo("client_credentials");
    }

    @Test
    void aPreaccesstokenTargetThatInterruptsRefusesTheTokenWithItsOAuth2Error() throws Exception {
        TARGETS.answer("/deny-token", 200, "{\"forwardedStatusCode\": 403, \"forwardedErrorMessage\": \"no tokens today\"}");
        Target target = createTarget("deny-token", "restCall", true, "/deny-token");
        setExecution("{\"function\": {\"name\": \"preaccesstoken\"}}", target.id);

        HttpResponse<String> answer = tokenRequest("demo-client", "demo-secret", "api.read");

        // Spring Authorization Server answers every token error 400; the error code and text are the target's
        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(answer.body());
        assertThat(error.path("error").asText()).isEqualTo("access_denied");
        assertThat(error.path("error_description").asText()).isEqualTo("no tokens today");
        assertThat(error.has("access_token")).isFalse();
    }

    @Test
    void withNoExecutionSetATokenHasOnlyTheServersOwnClaimsAndNoTargetIsCalled() throws Exception {
        Target target = createTarget("unused", "restCall", true, "/unused");
        // a set and then cleared execution leaves nothing behind
        setExecution("{\"function\": {\"name\": \"preaccesstoken\"}}", target.id);
        setExecution("{\"function\": {\"name\": \"preaccesstoken\"}}");

        JsonNode answer = token("demo-client", "demo-secret", "api.read");

        assertThat(fieldNames(answer)).containsExactlyInAnyOrder("access_token", "scope", "token_type", "expires_in");
        Jwt jwt = verified(answer.path("access_token").asText());
        // exactly the claims Spring Authorization Server puts into a client_credentials token
        assertThat(jwt.getClaims().keySet())
                .containsExactlyInAnyOrder("sub", "aud", "nbf", "scope", "iss", "exp", "iat", "jti");
        assertThat(jwt.getHeaders().keySet()).containsExactlyInAnyOrder("kid", "alg");
        assertThat(TARGETS.calls).isEmpty();
    }

    // ---- request executions on the token endpoint ----

    @Test
    void anInterruptingWebhookForwardingA403MakesTheTokenEndpointAnswerThatOAuth2Error() throws Exception {
        TARGETS.answer("/policy", 200, "{\"forwardedStatusCode\": 403, \"forwardedErrorMessage\": \"blocked by policy\"}");
        Target target = createTarget("policy", "restWebhook", true, "/policy");
        setExecution("{\"request\": {\"method\": \"/spring.authorization.v1.OAuth2Service/Token\"}}", target.id);

        HttpResponse<String> answer = tokenRequest("demo-client", "demo-secret", "api.read");

        assertThat(answer.statusCode()).isEqualTo(403);
        JsonNode error = json.readTree(answer.body());
        assertThat(error.path("error").asText()).isEqualTo("access_denied");
        assertThat(error.path("error_description").asText()).isEqualTo("blocked by policy");
        assertThat(fieldNames(error)).containsExactlyInAnyOrder("error", "error_description");
        // the target saw the form parameters, never the client secret
        JsonNode request = json.readTree(TARGETS.callsTo("/policy").get(0).body());
        assertThat(request.path("request").path("grant_type").asText()).isEqualTo("client_credentials");
        assertThat(TARGETS.callsTo("/policy").get(0).body()).doesNotContain("demo-secret");
    }

    @Test
    void aFailingTargetWithoutInterruptOnErrorChangesNothing() throws Exception {
        TARGETS.answer("/broken", 500, "{\"oops\": true}");
        Target target = createTarget("broken", "restWebhook", false, "/broken");
        setExecution("{\"request\": {\"method\": \"/spring.authorization.v1.OAuth2Service/Token\"}}", target.id);

        HttpResponse<String> answer = tokenRequest("demo-client", "demo-secret", "api.read");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(verified(json.readTree(answer.body()).path("access_token").asText()).getSubject())
                .isEqualTo("demo-client");
        assertThat(TARGETS.callsTo("/broken")).hasSize(1);
    }

    @Test
    void aResponseCallTargetReplacesTheTokenEndpointsAnswer() throws Exception {
        TARGETS.answer("/rewrite", 200, "{\"access_token\": \"opaque\", \"token_type\": \"Bearer\", \"note\": \"rewritten\"}");
        Target target = createTarget("rewrite", "restCall", false, "/rewrite");
        setExecution("{\"response\": {\"method\": \"/spring.authorization.v1.OAuth2Service/Token\"}}", target.id);

        HttpResponse<String> answer = tokenRequest("demo-client", "demo-secret", "api.read");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).path("note").asText()).isEqualTo("rewritten");
        JsonNode seen = json.readTree(TARGETS.callsTo("/rewrite").get(0).body());
        assertThat(seen.path("response").path("token_type").asText()).isEqualTo("Bearer");
    }

    // ---- authorization_code + PKCE + OIDC, preuserinfo, authentication events ----

    @Test
    void anAuthorizationCodeFlowWithPkceGetsPreuserinfoClaimsInTheIdTokenAndUserinfo() throws Exception {
        TARGETS.answer("/userinfo-claims", 200, "{\"append_claims\": [{\"key\": \"tier\", \"value\": \"gold\"}]}");
        Target claims = createTarget("userinfo-claims", "restCall", false, "/userinfo-claims");
        setExecution("{\"function\": {\"name\": \"preuserinfo\"}}", claims.id);
        Target events = createTarget("login-events", "restWebhook", false, "/login-events");
        setExecution("{\"event\": {\"event\": \"user.human.password.check.succeeded\"}}", events.id);

        Map<String, String> tokens = authorizationCodeFlow("alice", "password");

        Jwt idToken = verified(tokens.get("id_token"));
        assertThat(idToken.getSubject()).isEqualTo("alice");
        assertThat(idToken.getClaimAsString("tier")).isEqualTo("gold");
        HttpResponse<String> userinfo = http.send(HttpRequest.newBuilder(uri("/userinfo"))
                .header("Authorization", "Bearer " + tokens.get("access_token")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).isEqualTo(200);
        JsonNode info = json.readTree(userinfo.body());
        assertThat(info.path("sub").asText()).isEqualTo("alice");
        assertThat(info.path("tier").asText()).isEqualTo("gold");
        // once for the ID token, once for /userinfo
        List<String> tokenTypes = TARGETS.callsTo("/userinfo-claims").stream()
                .map(c -> readTree(c.body()).path("token_type").asText()).toList();
        assertThat(tokenTypes).containsExactly("id_token", "userinfo");
        // the form login was a host event, delivered to its target
        TargetServer.await(() -> !TARGETS.callsTo("/login-events").isEmpty(), Duration.ofSeconds(10), "login event");
        JsonNode event = json.readTree(TARGETS.callsTo("/login-events").get(0).body());
        assertThat(event.path("event_type").asText()).isEqualTo("user.human.password.check.succeeded");
        assertThat(event.path("aggregateID").asText()).isEqualTo("alice");
    }

    // ---- registration through the transactional outbox ----

    @Test
    void aRegistrationReachesTheEventTargetSignedAndOnlyAfterItsCommit() throws Exception {
        Target target = createTarget("user-events", "restWebhook", false, "/user-events");
        setExecution("{\"event\": {\"event\": \"user.human.added\"}}", target.id);
        // at the moment the target is called: does the user exist for everyone else already?
        TARGETS.observer = body -> Map.of("userExists", users.userExists(readTree(body).path("aggregateID").asText()));

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"carol\", \"password\": \"correct-horse\", \"email\": \"carol@example.com\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);

        TargetServer.await(() -> !TARGETS.callsTo("/user-events").isEmpty(), Duration.ofSeconds(10), "the event");
        TargetServer.Call call = TARGETS.callsTo("/user-events").get(0);
        assertThat(SignatureVerifier.withDefaults().isValid(call.signature(),
                call.body().getBytes(StandardCharsets.UTF_8), target.signingKey)).isTrue();
        JsonNode event = json.readTree(call.body());
        assertThat(event.path("event_type").asText()).isEqualTo("user.human.added");
        assertThat(event.path("event_payload").path("email").asText()).isEqualTo("carol@example.com");
        assertThat(call.body()).doesNotContain("correct-horse");
        assertThat(call.seen()).containsEntry("userExists", true);
    }

    @Test
    void aRolledBackRegistrationSendsNothing() throws Exception {
        Target target = createTarget("user-events-2", "restWebhook", false, "/user-events-2");
        setExecution("{\"event\": {\"event\": \"user.human.added\"}}", target.id);

        transactions.executeWithoutResult(status -> {
            registration.register("dave", "correct-horse", "dave@example.com");
            status.setRollbackOnly();
        });
        // a later committed registration is delivered; the rolled-back one, published before it, never is
        registration.register("erin", "correct-horse", "erin@example.com");
        TargetServer.await(() -> !TARGETS.callsTo("/user-events-2").isEmpty(), Duration.ofSeconds(10), "erin's event");

        assertThat(users.userExists("dave")).isFalse();
        assertThat(TARGETS.callsTo("/user-events-2")).extracting(c -> readTree(c.body()).path("aggregateID").asText())
                .containsExactly("erin");
    }

    // ---- the admin API under the host's security ----

    @Test
    void theAdminApiNeedsTheHostsTokenAndMapsScopesToPermissions() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/v2beta/actions/targets/_search"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        String demo = token("demo-client", "demo-secret", "api.read").path("access_token").asText();
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(uri("/v2beta/actions/targets/_search"))
                .header("Authorization", "Bearer " + demo).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json.readTree(denied.body()).path("details").get(0).path("id").asText()).isEqualTo("API-PERMISSION");

        HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(uri("/v2beta/actions/executions/methods"))
                .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("/spring.authorization.v1.OAuth2Service/Token");
    }

    @Test
    void theAdminApiOverConnectTakesTheSameTokensAndPermissions() throws Exception {
        URI rpc = URI.create("http://127.0.0.1:" + grpcAdmin.port()
                + "/zitadel.action.v2beta.ActionService/ListExecutionServices");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(rpc).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(rpc).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("spring.authorization.v1.OAuth2Service");

        String demo = token("demo-client", "demo-secret", "api.read").path("access_token").asText();
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + grpcAdmin.port()
                        + "/zitadel.action.v2beta.ActionService/ListTargets")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + demo)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(403);
    }

    // ---- helpers ----

    record Target(String id, String signingKey) {
    }

    private Target createTarget(String name, String type, boolean interrupt, String path) throws Exception {
        String body = "{\"name\": \"" + name + "-" + UUID.randomUUID() + "\", \"" + type + "\": {"
                + (type.equals("restCall") || interrupt ? "\"interruptOnError\": " + interrupt : "")
                + "}, \"endpoint\": \"" + TARGETS.url(path) + "\", \"timeout\": \"5s\"}";
        JsonNode created = admin("POST", "/v2beta/actions/targets", body);
        return new Target(created.path("id").asText(), created.path("signingKey").asText());
    }

    private void setExecution(String condition, String... targets) throws Exception {
        String list = java.util.Arrays.stream(targets).map(t -> "{\"target\": \"" + t + "\"}")
                .collect(Collectors.joining(", "));
        admin("PUT", "/v2beta/actions/executions", "{\"condition\": " + condition + ", \"targets\": [" + list + "]}");
        if (targets.length > 0 && !toClear.contains(condition)) {
            toClear.add(condition);
        }
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    private HttpResponse<String> tokenRequest(String client, String secret, String scope) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Authorization", basic(client, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "client_credentials", "scope", scope))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode token(String client, String secret, String scope) throws Exception {
        HttpResponse<String> answer = tokenRequest(client, secret, scope);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    /** Browser-like: authorize → login page → form login → authorize again → code → token with the verifier. */
    private Map<String, String> authorizationCodeFlow(String username, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager()).build();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", "web-client");
        query.put("scope", "openid profile");
        query.put("redirect_uri", REDIRECT);
        query.put("state", "s1");
        query.put("nonce", "n1");
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        HttpResponse<String> toLogin = browser.send(HttpRequest.newBuilder(uri("/oauth2/authorize?" + form(query)))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(toLogin.statusCode()).isEqualTo(302);
        String loginPage = browser.send(HttpRequest.newBuilder(resolve(location(toLogin))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).as(loginPage).isTrue();
        HttpResponse<String> loggedIn = browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password,
                        "_csrf", csrf.group(1))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> withCode = browser.send(HttpRequest.newBuilder(resolve(location(loggedIn)))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withCode.statusCode()).as(withCode.body()).isEqualTo(302);
        URI callback = URI.create(location(withCode));
        assertThat(callback.toString()).startsWith(REDIRECT);
        Map<String, String> params = parse(callback.getRawQuery());
        assertThat(params.get("state")).isEqualTo("s1");
        HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Authorization", basic("web-client", "web-secret"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", params.get("code"), "redirect_uri", REDIRECT, "code_verifier", verifier))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode answer = json.readTree(tokens.body());
        return Map.of("access_token", answer.path("access_token").asText(), "id_token", answer.path("id_token").asText());
    }

    private Jwt verified(String token) {
        return NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/oauth2/jwks").build().decode(token);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private URI resolve(String location) {
        return uri("/").resolve(location);
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            values.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
