package io.executions.examples.authserver;

import io.executions.api.CallerAuthenticator;
import io.executions.api.ExecutionsHttpApi;
import io.executions.dispatch.Dispatcher;
import io.executions.domain.api.InstanceId;
import io.executions.spring.ExecutionsProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Where executions hook into the authorization server: the functions, the filter before the security chain,
 * the admin API. With {@code executions.enabled=false} none of it exists and the server runs as it would
 * without the library (the benchmark's baseline).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "executions", name = "enabled", havingValue = "true", matchIfMissing = true)
public class ExecutionsHostConfiguration {

    @Bean
    InstanceId executionsInstance(ExecutionsProperties properties) {
        return InstanceId.of(properties.getInstance());
    }

    @Bean
    FunctionHooks functionHooks(Dispatcher dispatcher, InstanceId instance) {
        return new FunctionHooks(dispatcher, instance);
    }

    /** Picked up by Spring Authorization Server for every JWT it issues (access and ID tokens). */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> executionsTokenCustomizer(FunctionHooks hooks) {
        return hooks.tokenCustomizer();
    }

    /** Before Spring Security's chain (-100): the OAuth2 endpoints answer inside it and never continue. */
    @Bean
    FilterRegistrationBean<OAuth2ExecutionsFilter> executionsFilter(Dispatcher dispatcher, InstanceId instance) {
        FilterRegistrationBean<OAuth2ExecutionsFilter> registration =
                new FilterRegistrationBean<>(new OAuth2ExecutionsFilter(dispatcher, instance));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        registration.addUrlPatterns("/oauth2/*", "/userinfo");
        return registration;
    }

    @Bean
    CallerAuthenticator executionsCallers(InstanceId instance, JwtDecoder jwts) {
        return new ScopeCallerAuthenticator(instance, jwts);
    }

    /** gRPC, gRPC-Web and Connect for the admin API on {@code authserver.grpc.port} (loopback; 0: any free port). */
    @Bean(destroyMethod = "close")
    GrpcAdminServer executionsGrpcAdmin(ExecutionsHttpApi api, @Value("${authserver.grpc.port:9001}") int port) {
        return new GrpcAdminServer(api, port);
    }

    @Bean
    ServletRegistrationBean<AdminApiServlet> executionsAdminApi(ExecutionsHttpApi api) {
        return new ServletRegistrationBean<>(new AdminApiServlet(api), "/v2beta/actions/*");
    }
}
