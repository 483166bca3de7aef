package dev.memberships.demo;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DemoConfiguration} inside a real {@link SpringApplication} run, outside the
 * TestContext framework as in a test run: its properties reach the environment, the
 * upstreams live as long as the context, and ready tokens are logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoConfigurationTests {

	private static final String JWT = "ey[\\w-]+\\.[\\w-]+\\.[\\w-]+";

	@Test
	void runWithDemoConfigurationShouldServeDemoUntilTheContextCloses(CapturedOutput output) {
		DemoUpstreams upstreams;
		try (ConfigurableApplicationContext context = application(Empty.class).run("--local.server.port=8080")) {
			upstreams = context.getBean(DemoUpstreams.class);
			assertThat(upstreams.isRunning()).isTrue();
			assertThat(context.getEnvironment().getProperty("memberships.enos.base-url"))
				.isEqualTo(upstreams.baseUrl() + "/enos");
			assertThat(context.getEnvironment().getProperty("memberships.auth0.base-url"))
				.isEqualTo(upstreams.baseUrl() + "/auth0");
		}
		assertThat(upstreams.isRunning()).isFalse();
		assertThat(output)
			.containsPattern("curl -s -H 'Authorization: Bearer " + JWT
					+ "' 'http://localhost:8080/users/auth0%7Calice/memberships' \\| jq")
			.contains("google-oauth2%7Coutsider")
			.contains("auth0%7Cmany")
			.doesNotContain("demo-secret")
			.doesNotContain("demo-app-secret");
	}

	@Test
	void runWhenStartUpFailsShouldStopTheDemo() {
		AtomicReference<ConfigurableApplicationContext> captured = new AtomicReference<>();
		SpringApplication application = application(Failing.class);
		application.addInitializers(captured::set);
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(application::run);
		String baseUrl = captured.get().getEnvironment().getProperty("memberships.auth0.base-url");
		int port = URI.create(baseUrl).getPort();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	@Test
	void runWithDemoConfigurationShouldLogTokensTheDemoIssuerSigned(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application(Empty.class).run("--local.server.port=8080",
				"--local.management.port=8081", "--memberships.security.service-scope=memberships:read-any")) {
			JwtDecoder decoder = demoIssuerDecoder(context);
			Jwt alice = decoder.decode(token(output, "/users/auth0%7Calice/memberships"));
			assertThat(alice.getSubject()).isEqualTo("auth0|alice");
			assertThat(alice.hasClaim("scope")).isFalse();
			assertThat(Duration.between(Instant.now(), alice.getExpiresAt())).isBetween(Duration.ofHours(23),
					Duration.ofHours(24));
			Jwt service = decoder.decode(token(output, "/users/auth0%7Cmany/memberships"));
			assertThat(service.getClaimAsString("scope")).isEqualTo("memberships:read-any");
			Jwt admin = decoder.decode(token(output, "http://localhost:8081/actuator/usercache/auth0%7Calice"));
			assertThat(admin.getClaimAsString("scope")).isEqualTo("admin:memberships");
		}
	}

	@Test
	void runWhenIssuerIsConfiguredShouldKeepItAndLogCommandsWithoutTokens(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application(Empty.class).run("--local.server.port=8080",
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=https://acme.eu.auth0.com/")) {
			assertThat(context.getEnvironment().getProperty(DemoUpstreams.ISSUER_URI))
				.isEqualTo("https://acme.eu.auth0.com/");
			assertThat(context.getEnvironment().getProperty("memberships.auth0.base-url"))
				.isEqualTo(context.getBean(DemoUpstreams.class).baseUrl() + "/auth0");
		}
		assertThat(output).contains("with tokens of the configured issuer")
			.contains(
					"curl -s -H 'Authorization: Bearer <token>' 'http://localhost:8080/users/auth0%7Calice/memberships'")
			.doesNotContainPattern("Bearer " + JWT);
	}

	// The token of the logged curl line for this URL.
	private static String token(CapturedOutput output, String url) {
		Matcher matcher = Pattern.compile("-H 'Authorization: Bearer (" + JWT + ")' '[^']*" + Pattern.quote(url) + "'")
			.matcher(output.getOut());
		assertThat(matcher.find()).as("a curl line for " + url).isTrue();
		return matcher.group(1);
	}

	// Checks tokens as the API does in the demo: the demo issuer's keys, issuer,
	// audience.
	private static JwtDecoder demoIssuerDecoder(ConfigurableApplicationContext context) {
		Environment environment = context.getEnvironment();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(environment.getProperty(DemoUpstreams.JWK_SET_URI))
			.build();
		String issuer = environment.getProperty(DemoUpstreams.ISSUER_URI);
		String audience = environment.getProperty(DemoUpstreams.AUDIENCES);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud.contains(audience))));
		return decoder;
	}

	private static SpringApplication application(Class<?> configuration) {
		SpringApplication application = new SpringApplication(configuration, DemoConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

	@Configuration(proxyBeanMethods = false)
	static class Failing {

		@Bean
		String failing(DemoUpstreams upstreams) {
			throw new IllegalStateException("Start-up fails");
		}

	}

}
