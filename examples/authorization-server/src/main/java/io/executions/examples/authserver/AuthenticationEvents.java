package io.executions.examples.authserver;

import io.executions.domain.api.HostEvent;
import io.executions.domain.api.InstanceId;
import io.executions.runtime.Executions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Spring Security's authentication events as host events (ZITADEL's names for a password check): a form login
 * that succeeds is {@code user.human.password.check.succeeded}, one that fails
 * {@code user.human.password.check.failed}. Published durably (stored, then delivered with retries); the
 * payload never holds the password.
 */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "executions", name = "enabled",
        havingValue = "true", matchIfMissing = true)
public class AuthenticationEvents {
    public static final String PASSWORD_SUCCEEDED = "user.human.password.check.succeeded";
    public static final String PASSWORD_FAILED = "user.human.password.check.failed";
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationEvents.class);

    private final Executions executions;
    private final InstanceId instance;

    public AuthenticationEvents(Executions executions, InstanceId instance) {
        this.executions = executions;
        this.instance = instance;
    }

    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token) {
            publish(PASSWORD_SUCCEEDED, token.getName());
        }
    }

    @EventListener
    public void failed(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token) {
            publish(PASSWORD_FAILED, token.getName());
        }
    }

    private void publish(String type, String username) {
        try {
            String payload = "{\"username\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(username) + "}";
            executions.deliveries().publish(instance,
                    new HostEvent(type, username, "user", instance.value(), 0, null, username, payload), username);
        } catch (RuntimeException e) {
            // an event that cannot be stored must not turn a login into an error; say so
            LOG.warn("could not publish {} for {}: {}", type, username, e.toString());
        }
    }
}
