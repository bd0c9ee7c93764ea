package io.executions.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.domain.api.UpdateTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/dispatch.md: signing keys are encrypted at rest with the host's key. */
class SigningKeyEncryptionTest {
    private static final InstanceId I1 = InstanceId.of("i1");
    private static final SigningKeyCipher CIPHER = SigningKeyCipher.fromBase64(SigningKeyCipher.generateBase64());

    private static Executions open(Path dir, SigningKeyCipher cipher) {
        return Executions.builder().storage(StorageConfig.h2(dir.resolve("executions")))
                .catalog(StaticCatalog.empty()).keyEncryption(cipher).build();
    }

    private static String create(Executions executions, String id) {
        return executions.createTarget(new CreateTarget(I1, TargetId.of(id), "hook-" + id, TargetType.REST_WEBHOOK,
                true, "https://hooks.example.com/" + id, Duration.ofSeconds(5), "admin")).signingKey();
    }

    private static String storedKey(Executions executions, String id) {
        return executions.queries().target(I1, TargetId.of(id)).orElseThrow().definition().signingKey();
    }

    /** Every byte the store keeps on disk, as text. */
    private static String rawStore(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    @Test
    void the_raw_store_holds_no_plaintext_key_and_a_restart_with_the_same_key_still_decrypts(@TempDir Path dir)
            throws Exception {
        String key;
        try (Executions executions = open(dir, CIPHER)) {
            key = create(executions, "T1");
        }

        assertThat(rawStore(dir)).doesNotContain(key).contains(CIPHER.keyId());
        try (Executions executions = open(dir, CIPHER)) {
            executions.awaitCaughtUp(Duration.ofSeconds(10));
            assertThat(storedKey(executions, "T1")).isEqualTo(key);
        }
    }

    @Test
    void a_store_without_encryption_holds_the_key_in_plaintext_which_is_what_the_test_above_rules_out(
            @TempDir Path dir) throws Exception {
        String key;
        try (Executions executions = open(dir, null)) {
            key = create(executions, "T1");
        }

        assertThat(rawStore(dir)).contains(key);
    }

    @Test
    void keys_stored_in_plaintext_before_encryption_still_read_once_a_key_is_configured(@TempDir Path dir) {
        String key;
        try (Executions executions = open(dir, null)) {
            key = create(executions, "T1");
        }
        try (Executions executions = open(dir, CIPHER)) {
            executions.awaitCaughtUp(Duration.ofSeconds(10));
            assertThat(storedKey(executions, "T1")).isEqualTo(key);
            String newKey = executions.updateTarget(new UpdateTarget(I1, TargetId.of("T1"), null, null, null, null,
                    null, Duration.ofHours(1), "admin")).signingKey();
            assertThat(storedKey(executions, "T1")).isEqualTo(newKey);
        }
    }

    @Test
    void a_store_opened_with_another_key_fails_loudly_naming_both_key_ids(@TempDir Path dir) {
        try (Executions executions = open(dir, CIPHER)) {
            create(executions, "T1");
        }
        SigningKeyCipher other = SigningKeyCipher.fromBase64(SigningKeyCipher.generateBase64());

        assertThatThrownBy(() -> open(dir, other).close())
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(stackText(e)).contains(CIPHER.keyId()).contains(other.keyId()));
    }

    @Test
    void an_encrypted_event_names_its_key_and_round_trips_including_a_rotated_previous_key() throws Exception {
        ObjectMapper mapper = EventJson.newMapper(CIPHER);
        TargetDefinition rotated = new TargetDefinition("hook", TargetType.REST_CALL, true, "https://x.example/h",
                Duration.ofSeconds(3), "old-secret").rotatedTo("new-secret", Instant.parse("2026-12-01T00:00:00Z"));
        TargetAdded event = new TargetAdded(I1, TargetId.of("T1"), rotated, "admin", Instant.parse("2026-11-30T00:00:00Z"));

        String json = mapper.writeValueAsString(event);

        assertThat(json).doesNotContain("old-secret").doesNotContain("new-secret")
                .contains("\"keyId\":\"" + CIPHER.keyId() + "\"").contains("\"alg\":\"A256GCM\"");
        assertThat(mapper.readValue(json, TargetAdded.class)).isEqualTo(event);
        assertThat(EventJson.newMapper().readValue(json, TargetAdded.class).definition().signingKey())
                .as("read without the key, as an audit tool does").isEqualTo("encrypted:" + CIPHER.keyId());
    }

    private static String stackText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    @Test
    void a_restart_from_the_read_model_snapshot_keeps_a_rotated_targets_previous_key_sealed_and_valid(@TempDir Path dir)
            throws Exception {
        String oldKey;
        String newKey;
        try (Executions executions = open(dir, CIPHER)) {
            oldKey = create(executions, "T1");
            newKey = executions.updateTarget(new UpdateTarget(I1, TargetId.of("T1"), null, null, null, null, null,
                    Duration.ofHours(1), "admin")).signingKey();
        }

        assertThat(rawStore(dir)).doesNotContain(oldKey).doesNotContain(newKey);
        try (Executions executions = open(dir, CIPHER)) {
            executions.awaitCaughtUp(Duration.ofSeconds(10));
            TargetDefinition d = executions.queries().target(I1, TargetId.of("T1")).orElseThrow().definition();
            assertThat(d.signingKey()).isEqualTo(newKey);
            assertThat(d.previousSigningKeyAt(Instant.now())).isEqualTo(oldKey);
        }
    }

    @Test
    void a_restart_from_the_read_model_snapshot_keeps_a_targets_payload_type(@TempDir Path dir) {
        try (Executions executions = open(dir, CIPHER)) {
            executions.createTarget(new CreateTarget(I1, TargetId.of("J"), "jwt", TargetType.REST_CALL, true,
                    "https://hooks.example.com/j", Duration.ofSeconds(5), "admin",
                    io.executions.domain.api.PayloadType.JWT));
        }
        try (Executions executions = open(dir, CIPHER)) {
            executions.awaitCaughtUp(Duration.ofSeconds(10));
            assertThat(executions.queries().target(I1, TargetId.of("J")).orElseThrow().definition().payloadType())
                    .isEqualTo(io.executions.domain.api.PayloadType.JWT);
        }
    }
}
