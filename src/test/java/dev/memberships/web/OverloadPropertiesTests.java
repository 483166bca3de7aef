package dev.memberships.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class OverloadPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Test
	void bindWhenNothingSetShouldLimitTo512WithRetryAfterOneSecond() {
		this.runner.run((context) -> {
			OverloadProperties overload = context.getBean(OverloadProperties.class);
			assertThat(overload.maxConcurrentRequests()).isEqualTo(512);
			assertThat(overload.enabled()).isTrue();
			assertThat(overload.retryAfterSeconds()).isEqualTo(1);
		});
	}

	@Test
	void bindWhenZeroShouldTurnTheLimitOff() {
		this.runner.withPropertyValues("memberships.overload.max-concurrent-requests=0")
			.run((context) -> assertThat(context.getBean(OverloadProperties.class).enabled()).isFalse());
	}

	@Test
	void bindWhenRetryAfterIsNotWholeSecondsShouldRoundUp() {
		this.runner.withPropertyValues("memberships.overload.retry-after=2001ms")
			.run((context) -> assertThat(context.getBean(OverloadProperties.class).retryAfterSeconds()).isEqualTo(3));
	}

	@Test
	void bindWhenNegativeLimitOrRetryAfterUnderASecondShouldFailAtStartup() {
		for (String property : new String[] { "memberships.overload.max-concurrent-requests=-1",
				"memberships.overload.retry-after=0s", "memberships.overload.retry-after=500ms" }) {
			this.runner.withPropertyValues(property).run((context) -> assertThat(context).as(property).hasFailed());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OverloadProperties.class)
	static class Properties {

	}

}
