package dev.memberships.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * The overload limit ({@link OverloadFilter}) in front of the API.
 * <p>
 * Registered on the API's servlet context only: the management server
 * ({@code management.server.port}) is a child context with its own, so the probes and
 * Prometheus keep answering while every permit is taken.
 * <p>
 * Its order is right after Spring's {@code ServerHttpObservationFilter}
 * ({@code HIGHEST_PRECEDENCE + 1}) and long before Spring Security's chain
 * ({@code SecurityFilterProperties.DEFAULT_FILTER_ORDER}, -100): a refusal costs no token
 * check, yet still shows in {@code http.server.requests} (status 503), so the
 * server-error alert and the dashboards see overload as they see every other 503.
 */
@Configuration(proxyBeanMethods = false)
class OverloadConfiguration {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	@Bean
	FilterRegistrationBean<OverloadFilter> overloadFilter(OverloadProperties properties, ProblemResponses problems,
			CorsConfigurationSource corsConfigurationSource, MeterRegistry meters) {
		// By name: Spring MVC's HandlerMappingIntrospector is a CorsConfigurationSource
		// too.
		FilterRegistrationBean<OverloadFilter> registration = new FilterRegistrationBean<>(
				new OverloadFilter(properties, problems, corsConfigurationSource, meters));
		registration.setOrder(ORDER);
		// A permit is per request: error dispatches come after it was given back, async
		// ones are the same request.
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setEnabled(properties.enabled());
		return registration;
	}

}
