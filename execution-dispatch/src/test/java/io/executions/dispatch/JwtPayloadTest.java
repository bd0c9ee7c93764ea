package io.executions.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.PayloadType;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Payload type JWT: the JSON payload as claims, signed with the host's key, verified with the published JWKS. */
class JwtPayloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JwtSigner SIGNER = JwtSigner.generate();

    private TestTargets targets;
    private Engine engine;
    private TargetClient client;

    @BeforeEach
    void start() throws Exception {
        targets = new TestTargets();
        engine = new Engine();
        client = TargetClient.builder().denyList(DenyList.none()).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        engine.close();
        targets.close();
    }

    private void jwtTarget(String path, PayloadType type) {
        engine.executions.createTarget(new CreateTarget(engine.instance, TargetId.of("jwt"), "jwt",
                TargetType.REST_WEBHOOK, true, targets.url(path), Duration.ofSeconds(5), "admin", type));
        engine.executions.setExecution(new SetExecution(engine.instance, Condition.requestMethod(Engine.METHOD),
                List.of(Entry.target("jwt")), "admin"));
    }

    @Test
    void a_jwt_target_receives_the_payload_as_claims_verifiable_with_the_jwks() throws Exception {
        jwtTarget("/ok", PayloadType.JWT);
        Dispatcher dispatcher = Dispatcher.builder().queries(engine.executions.queries()).client(client)
                .jwtSigner(SIGNER).build();

        ChainResult result = dispatcher.request(engine.instance, CallContext.of(Engine.METHOD),
                JSON.readTree("{\"name\":\"ada\"}")).get(10, TimeUnit.SECONDS);

        assertThat(result.interrupted()).isFalse();
        TestTargets.Received received = targets.received("/ok").get(0);
        assertThat(received.header("Content-Type")).startsWith("application/jwt");
        SignedJWT jwt = SignedJWT.parse(received.bodyText());
        RSAKey published = (RSAKey) JWKSet.parse(dispatcher.jwksJson()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(published.isPrivate()).as("the JWKS holds only the public key").isFalse();
        assertThat(jwt.verify(new RSASSAVerifier(published))).isTrue();
        Map<String, Object> claims = jwt.getJWTClaimsSet().getClaims();
        assertThat(claims).containsEntry("fullMethod", Engine.METHOD).containsEntry("instanceID", engine.instance.value());
        assertThat((com.fasterxml.jackson.databind.JsonNode) JSON.valueToTree(claims.get("request"))).isEqualTo(JSON.readTree("{\"name\":\"ada\"}"));
        assertThat(SignatureVerifier.withDefaults().isValid(received.header("ZITADEL-Signature"), received.body(),
                engine.executions.queries().target(engine.instance, TargetId.of("jwt")).orElseThrow().definition()
                        .signingKey())).as("the signature covers the JWT body as sent").isTrue();
    }

    @Test
    void without_a_jwt_key_a_jwt_targets_call_fails_and_nothing_is_sent() throws Exception {
        jwtTarget("/ok", PayloadType.JWT);
        Dispatcher dispatcher = Dispatcher.builder().queries(engine.executions.queries()).client(client).build();

        ChainResult result = dispatcher.request(engine.instance, CallContext.of(Engine.METHOD),
                JSON.readTree("{}")).get(10, TimeUnit.SECONDS);

        assertThat(result.calls().get(0).call().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.interrupted()).isTrue();
        assertThat(targets.received()).isEmpty();
        assertThat(dispatcher.jwksJson()).isEqualTo("{\"keys\":[]}");
    }

    @Test
    void a_jwe_target_fails_clearly_since_no_public_key_can_be_registered_yet() throws Exception {
        jwtTarget("/ok", PayloadType.JWE);
        Dispatcher dispatcher = Dispatcher.builder().queries(engine.executions.queries()).client(client)
                .jwtSigner(SIGNER).build();

        ChainResult result = dispatcher.request(engine.instance, CallContext.of(Engine.METHOD),
                JSON.readTree("{}")).get(10, TimeUnit.SECONDS);

        assertThat(result.calls().get(0).call().error()).contains("JWE");
        assertThat(targets.received()).isEmpty();
    }
}
