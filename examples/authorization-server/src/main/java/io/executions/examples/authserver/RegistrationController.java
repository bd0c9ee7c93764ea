package io.executions.examples.authserver;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code POST /register} {@code {"username", "password", "email"}} → 201, or 400 with the reason. */
@RestController
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "executions", name = "enabled",
        havingValue = "true", matchIfMissing = true)
public class RegistrationController {
    private final UserRegistration registration;

    public RegistrationController(UserRegistration registration) {
        this.registration = registration;
    }

    public record Registration(String username, String password, String email) {
    }

    @PostMapping("/register")
    public ResponseEntity<Map<String, String>> register(@RequestBody Registration body) {
        if (body.username() == null || !body.username().matches("[A-Za-z0-9._-]{1,50}")
                || body.password() == null || body.password().length() < 8) {
            return ResponseEntity.badRequest().body(Map.of("error",
                    "username: 1-50 of A-Z a-z 0-9 . _ -; password: at least 8 characters"));
        }
        try {
            registration.register(body.username(), body.password(), body.email());
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("username", body.username()));
    }
}
