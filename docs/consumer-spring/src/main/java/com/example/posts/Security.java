package com.example.posts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call: every request but the health check is authenticated, and the user's name is the actor of its
 * commands. HTTP Basic against Boot's user ({@code spring.security.user.name} and {@code .password}) keeps the
 * template small; in production, put your identity provider here (for example
 * {@code oauth2ResourceServer(jwt -> ...)} with {@code spring-boot-starter-oauth2-resource-server}): the controller
 * only reads {@code Principal.getName()}.
 */
@Configuration(proxyBeanMethods = false)
class Security {
    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // a stateless JSON API: no session, so no session to forge a request with
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
