package io.executions.examples.authserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Authorization Server embedding executions: functions {@code preaccesstoken} and {@code preuserinfo}
 * add claims from call targets, request/response executions run around its OAuth2 endpoints, its
 * authentications and registrations are host events, and the executions admin API sits under its own security.
 */
@SpringBootApplication
public class AuthorizationServerApplication {
    public static void main(String[] args) {
        SpringApplication.run(AuthorizationServerApplication.class, args);
    }
}
