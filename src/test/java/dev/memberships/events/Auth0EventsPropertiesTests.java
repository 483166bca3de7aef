package dev.memberships.events;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class Auth0EventsPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Test
	void bindWhenNothingSetShouldHaveNoTokenAndBoundedDuplicateMemory() {
		this.runner.run((context) -> {
			Auth0EventsProperties properties = context.getBean(Auth0EventsProperties.class);
			assertThat(properties.token()).isNull();
			assertThat(properties.duplicateWindow()).isEqualTo(Duration.ofHours(24));
			assertThat(properties.duplicateIds()).isEqualTo(50_000);
			assertThat(properties.maxBodySize().toKilobytes()).isEqualTo(64);
		});
	}

	@Test
	void bindWhenTokenIsLongBase64ShouldAcceptIt() {
		this.runner.withPropertyValues("memberships.events.auth0.token=q8Wz+3kP/0aX9vL2mN7rT4yU6iO1eS5dF8gH0jK3lQ4=")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void bindWhenTokenIsShortOrOutsideTheBearerAlphabetShouldFailAtStartup() {
		for (String token : new String[] { "short", "a token with spaces that is long enough 1234567890",
				"quote\"token-that-is-long-enough-1234567890" }) {
			this.runner.withPropertyValues("memberships.events.auth0.token=" + token)
				.run((context) -> assertThat(context).as(token).hasFailed());
		}
	}

	@Test
	void bindWhenTwoTokensAreCommaSeparatedShouldKeepBothForARotation() {
		this.runner
			.withPropertyValues("memberships.events.auth0.token=old-webhook-token-3c1d8e0f2a7b4c6d9e8f1a2b3c4d5e6f,"
					+ "new-webhook-token-9f8e7d6c5b4a3210fedcba9876543210")
			.run((context) -> assertThat(context.getBean(Auth0EventsProperties.class).token()).containsExactly(
					"old-webhook-token-3c1d8e0f2a7b4c6d9e8f1a2b3c4d5e6f",
					"new-webhook-token-9f8e7d6c5b4a3210fedcba9876543210"));
	}

	@Test
	void bindWhenOneOfTheTokensIsShortShouldFailAtStartup() {
		this.runner
			.withPropertyValues(
					"memberships.events.auth0.token=old-webhook-token-3c1d8e0f2a7b4c6d9e8f1a2b3c4d5e6f,short")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(Auth0EventsProperties.class)
	static class Properties {

	}

}
