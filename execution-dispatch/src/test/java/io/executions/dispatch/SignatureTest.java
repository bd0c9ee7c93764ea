package io.executions.dispatch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SignatureTest {
    private static final byte[] BODY = "{\"userID\":\"u1\",\"note\":\"ünïcode\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void the_signature_matches_what_openssl_computes_over_t_dot_body() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is installed");
        long t = 1_764_460_800L;
        String header = Signatures.header(t, BODY, List.of("s3cret-key"));

        Path input = Files.createTempFile("signed", ".bin");
        byte[] prefix = (t + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[prefix.length + BODY.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(BODY, 0, signed, prefix.length, BODY.length);
        Files.write(input, signed);
        Process openssl = new ProcessBuilder("/usr/bin/openssl", "dgst", "-sha256", "-hmac", "s3cret-key",
                input.toString()).redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.delete(input);
        String expectedHex = out.substring(out.lastIndexOf(' ') + 1);

        assertThat(header).isEqualTo("t=" + t + ",v1=" + expectedHex);
    }

    @Test
    void during_a_rotation_one_v1_value_is_sent_per_key() {
        String header = Signatures.header(100, BODY, List.of("new-key", "old-key"));

        assertThat(header).isEqualTo("t=100,v1=" + Signatures.hex("new-key", 100, BODY)
                + ",v1=" + Signatures.hex("old-key", 100, BODY));
    }

    @Test
    void a_receiver_holding_either_key_accepts_a_rotation_signature() {
        long now = Instant.now().getEpochSecond();
        String header = Signatures.header(now, BODY, List.of("new-key", "old-key"));
        SignatureVerifier verifier = SignatureVerifier.withDefaults();

        assertThat(verifier.isValid(header, BODY, "old-key")).isTrue();
        assertThat(verifier.isValid(header, BODY, "new-key")).isTrue();
        assertThat(verifier.isValid(header, BODY, "other-key")).isFalse();
    }

    @Test
    void a_signature_older_than_300_seconds_is_refused_and_one_within_is_accepted() {
        Instant now = Instant.parse("2026-11-30T03:00:00Z");
        SignatureVerifier verifier = new SignatureVerifier(Duration.ofSeconds(300), Clock.fixed(now, ZoneOffset.UTC));

        String fresh = Signatures.header(now.getEpochSecond() - 300, BODY, List.of("k"));
        String stale = Signatures.header(now.getEpochSecond() - 301, BODY, List.of("k"));
        String future = Signatures.header(now.getEpochSecond() + 301, BODY, List.of("k"));

        assertThat(verifier.isValid(fresh, BODY, "k")).isTrue();
        assertThat(verifier.isValid(stale, BODY, "k")).isFalse();
        assertThat(verifier.isValid(future, BODY, "k")).isFalse();
    }

    @Test
    void a_changed_body_or_a_malformed_header_does_not_verify() {
        long now = Instant.now().getEpochSecond();
        String header = Signatures.header(now, BODY, List.of("k"));
        SignatureVerifier verifier = SignatureVerifier.withDefaults();

        assertThat(verifier.isValid(header, "{}".getBytes(StandardCharsets.UTF_8), "k")).isFalse();
        assertThat(verifier.isValid("v1=abc", BODY, "k")).isFalse();
        assertThat(verifier.isValid("t=x,v1=zz", BODY, "k")).isFalse();
        assertThat(verifier.isValid(null, BODY, "k")).isFalse();
        assertThatThrownBy(() -> verifier.verify("t=1,v1=00", BODY, List.of("k")))
                .isInstanceOf(SignatureVerifier.InvalidSignatureException.class)
                .hasMessageContaining("tolerance");
    }
}
