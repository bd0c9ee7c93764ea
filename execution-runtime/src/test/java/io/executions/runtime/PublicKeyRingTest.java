package io.executions.runtime;

import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.PublicKeyCommand;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.projections.PublicKeyView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target's public keys (docs/dispatch.md, JWE) as stored events: they survive a restart on an H2 file (the
 * events' JSON round-trips) and leave docs/safe-change.md's instance version alone.
 */
class PublicKeyRingTest {
    private static final InstanceId I1 = InstanceId.of("i1");
    private static final TargetId T1 = TargetId.of("T1");

    private static Executions open(Path dir) {
        return Executions.builder().storage(StorageConfig.h2(dir.resolve("executions")))
                .catalog(StaticCatalog.empty()).build();
    }

    @Test
    void keys_survive_a_restart_and_do_not_count_in_the_instance_version(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        long version;
        try (Executions engine = open(dir)) {
            engine.createTarget(new CreateTarget(I1, T1, "hook", TargetType.REST_WEBHOOK, false,
                    "https://hooks.example.com/", Duration.ofSeconds(5), "admin"));
            version = engine.instanceVersion(I1);
            engine.addPublicKey(new PublicKeyCommand.Add(I1, T1, "k1", pem.getBytes(StandardCharsets.US_ASCII), null,
                    "admin"));
            engine.addPublicKey(new PublicKeyCommand.Add(I1, T1, "k2", pem.getBytes(StandardCharsets.US_ASCII), null,
                    "admin"));
            engine.activatePublicKey(new PublicKeyCommand.Activate(I1, T1, "k1", "admin"));
            engine.removePublicKey(new PublicKeyCommand.Remove(I1, T1, "k2", "admin"));
            assertThat(engine.instanceVersion(I1)).isEqualTo(version);
        }
        try (Executions engine = open(dir)) {
            List<PublicKeyView> keys = engine.publicKeys(I1, T1);

            assertThat(keys).extracting(PublicKeyView::keyId).containsExactly("k1");
            assertThat(keys.get(0).active()).isTrue();
            assertThat(keys.get(0).publicKey()).isEqualTo(pem);
            assertThat(keys.get(0).fingerprint()).startsWith("SHA256:").doesNotEndWith("=");
            assertThat(engine.instanceVersion(I1)).isEqualTo(version);
        }
    }
}
