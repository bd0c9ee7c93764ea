package io.executions.examples.authserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.domain.api.HostEvent;
import io.executions.domain.api.InstanceId;
import io.executions.runtime.Executions;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Map;

/**
 * Self-registration: the user row and the {@code user.human.added} event commit or roll back together. The
 * event goes through the transactional outbox ({@code deliveries().publish(connection, ...)}) on the
 * transaction's own connection, so event targets hear of a user only once it exists, and never of a
 * rolled-back one.
 */
@Service
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "executions", name = "enabled",
        havingValue = "true", matchIfMissing = true)
public class UserRegistration {
    public static final String USER_ADDED = "user.human.added";

    private final UserDetailsManager users;
    private final PasswordEncoder passwords;
    private final Executions executions;
    private final DataSource dataSource;
    private final InstanceId instance;
    private final ObjectMapper json = new ObjectMapper();

    public UserRegistration(UserDetailsManager users, PasswordEncoder passwords, Executions executions,
                            DataSource dataSource, InstanceId instance) {
        this.users = users;
        this.passwords = passwords;
        this.executions = executions;
        this.dataSource = dataSource;
        this.instance = instance;
    }

    /** Creates the user and publishes its event in the caller's transaction (or a new one). */
    @Transactional
    public void register(String username, String password, String email) {
        if (users.userExists(username)) {
            throw new IllegalArgumentException("the user name '" + username + "' is taken");
        }
        users.createUser(User.withUsername(username).password(passwords.encode(password)).roles("USER").build());
        Connection transaction = DataSourceUtils.getConnection(dataSource);
        String payload;
        try {
            payload = json.writeValueAsString(Map.of("username", username, "email", email == null ? "" : email));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        executions.deliveries().publish(transaction, instance,
                new HostEvent(USER_ADDED, username, "user", instance.value(), 0, null, username, payload), username);
    }
}
