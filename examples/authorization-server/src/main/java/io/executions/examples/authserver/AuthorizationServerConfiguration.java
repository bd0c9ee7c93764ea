package io.executions.examples.authserver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import javax.sql.DataSource;
import java.util.UUID;

/**
 * The authorization server and where executions hook into it. Three security chains: the OAuth2/OIDC endpoints,
 * the executions admin API (bearer JWTs of this server; scopes are permissions), everything else (form login,
 * registration). The executions filter sits before all of them.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, ObjectProvider<FunctionHooks> hooks)
            throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        FunctionHooks functions = hooks.getIfAvailable();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, as -> as.oidc(oidc -> oidc.userInfoEndpoint(userInfo -> {
                    if (functions != null) {
                        userInfo.userInfoMapper(functions.userInfoMapper());
                    }
                })))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                // a browser that is not logged in goes to the login page; an API client gets 401
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                // /userinfo takes this server's access tokens
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain executionsAdminChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/v2beta/actions/**")
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain defaultChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/register", "/demo/**", "/actuator/health", "/error").permitAll()
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/register", "/demo/**"))
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsManager users(DataSource dataSource) {
        return new JdbcUserDetailsManager(dataSource);
    }

    /** A user to log in with, once the schema exists. */
    @Bean
    ApplicationRunner demoUser(UserDetailsManager users, PasswordEncoder passwords,
                               @Value("${authserver.demo-user.password:password}") String password) {
        return args -> {
            if (!users.userExists("alice")) {
                users.createUser(User.withUsername("alice").password(passwords.encode(password)).roles("USER").build());
            }
        };
    }

    /**
     * {@code demo-client} (client_credentials), {@code admin-client} (client_credentials with the executions
     * permissions as scopes: the admin API's callers) and {@code web-client} (authorization_code with PKCE and
     * OIDC, consent off).
     */
    @Bean
    RegisteredClientRepository registeredClients(PasswordEncoder passwords,
                                                 @Value("${authserver.web-client.redirect-uri}") String redirectUri) {
        RegisteredClient demo = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId("demo-client").clientSecret(passwords.encode("demo-secret"))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("api.read")
                .build();
        RegisteredClient.Builder admin = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId("admin-client").clientSecret(passwords.encode("admin-secret"))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
        io.executions.api.Permissions.ALL.stream().sorted().forEach(admin::scope);
        RegisteredClient web = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId("web-client").clientSecret(passwords.encode("web-secret"))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(redirectUri)
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .build();
        return new InMemoryRegisteredClientRepository(demo, admin.build(), web);
    }
}
