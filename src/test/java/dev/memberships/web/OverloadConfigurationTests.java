package dev.memberships.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the overload filter sits: after the server observation (so that refusals are
 * timed as API answers), before Spring Security (so that they cost no token check), and
 * not at all when the limit is {@code 0}.
 */
class OverloadConfigurationTests {

	/** Spring Boot's order of {@code ServerHttpObservationFilter}. */
	private static final int OBSERVATION_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(OverloadConfiguration.class, Properties.class)
		.withBean(ProblemResponses.class, () -> new ProblemResponses(JsonMapper.builder().build()))
		.withBean("corsConfigurationSource", UrlBasedCorsConfigurationSource.class)
		.withBean(SimpleMeterRegistry.class);

	@Test
	void overloadFilterShouldRunAfterTheObservationAndBeforeSpringSecurity() {
		this.runner.run((context) -> {
			FilterRegistrationBean<?> registration = registration(context.getBean("overloadFilter"));
			assertThat(registration.isEnabled()).isTrue();
			assertThat(registration.getOrder()).isGreaterThan(OBSERVATION_FILTER_ORDER)
				.isLessThan(SecurityFilterProperties.DEFAULT_FILTER_ORDER);
		});
	}

	@Test
	void overloadFilterWhenLimitIsZeroShouldNotBeRegistered() {
		this.runner.withPropertyValues("memberships.overload.max-concurrent-requests=0")
			.run((context) -> assertThat(registration(context.getBean("overloadFilter")).isEnabled()).isFalse());
	}

	private static FilterRegistrationBean<?> registration(Object bean) {
		assertThat(ResolvableType.forInstance(bean).toClass()).isEqualTo(FilterRegistrationBean.class);
		return (FilterRegistrationBean<?>) bean;
	}

	@EnableConfigurationProperties(OverloadProperties.class)
	static class Properties {

	}

}
