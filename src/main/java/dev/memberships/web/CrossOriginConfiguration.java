package dev.memberships.web;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CORS for browser frontends on other origins, applied by the API's security filter chain
 * (Spring Security's {@code CorsFilter}), so that a preflight needs no token. The
 * management port has no CORS.
 * <p>
 * Credentials are never allowed: the API is called with a bearer token in
 * {@code Authorization}, which a browser sends as an ordinary header; no cookie or HTTP
 * authentication is involved. Origins are still exact (no {@code *}), so that only the
 * named frontends can read the answers.
 */
@Configuration(proxyBeanMethods = false)
class CrossOriginConfiguration {

	@Bean
	CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (properties.allowedOrigins().isEmpty()) {
			return source;
		}
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.allowedOrigins());
		cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(), HttpMethod.POST.name()));
		cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.IF_NONE_MATCH, HttpHeaders.CACHE_CONTROL,
				"Request-Timeout", HttpHeaders.CONTENT_TYPE));
		cors.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.RETRY_AFTER));
		cors.setAllowCredentials(false);
		cors.setMaxAge(properties.maxAge());
		source.registerCorsConfiguration("/users/**", cors);
		source.registerCorsConfiguration("/memberships/batch", cors);
		return source;
	}

}
