package dev.memberships.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class CorsPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Test
	void bindWhenNothingSetShouldAllowNoOrigin() {
		this.runner.run((context) -> assertThat(context.getBean(CorsProperties.class).allowedOrigins()).isEmpty());
	}

	@Test
	void bindWhenExactOriginsSetShouldKeepThem() {
		this.runner
			.withPropertyValues("memberships.cors.allowed-origins=https://app.example.com, http://localhost:3000")
			.run((context) -> assertThat(context.getBean(CorsProperties.class).allowedOrigins())
				.containsExactly("https://app.example.com", "http://localhost:3000"));
	}

	@Test
	void bindWhenOriginIsAWildcardOrNotExactShouldFailAtStartup() {
		for (String origin : new String[] { "*", "https://*.example.com", "https://app.example.com/",
				"https://app.example.com/path", "app.example.com", "null" }) {
			this.runner.withPropertyValues("memberships.cors.allowed-origins=" + origin)
				.run((context) -> assertThat(context).as(origin).hasFailed());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CorsProperties.class)
	static class Properties {

	}

}
