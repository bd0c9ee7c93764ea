package io.executions.examples.authserver;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * A local call target for trying the example by hand (README "A real host"): answers every call with one claim
 * to append. Off unless {@code authserver.demo-webhooks=true}; a real deployment points targets at its own
 * services.
 */
@RestController
@ConditionalOnProperty(name = "authserver.demo-webhooks", havingValue = "true")
public class DemoWebhooks {
    @PostMapping("/demo/hooks/claims")
    public Map<String, Object> claims() {
        return Map.of("append_claims", List.of(Map.of("key", "department", "value", "engineering")));
    }
}
