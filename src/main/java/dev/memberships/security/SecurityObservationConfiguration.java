package dev.memberships.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No observation of Spring Security's own: the filter chain, each authentication and each
 * authorization made a span and a timer of every request, about a tenth of a cached
 * answer's CPU (docs/performance.md). The request's own observation
 * ({@code http.server.requests}, its span and its timer) stays, and refusals show there
 * by status.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservationConfiguration {

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
