package dev.memberships.security;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import dev.memberships.MembershipsApplication;
import dev.memberships.testsupport.MutableClock;
import dev.memberships.testsupport.MutableTicker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Start-up: without an issuer and an audience the API does not serve at all, and says
 * which property to set; scope names and limits are validated; the one decoder, with or
 * without discovery, remembers the tokens it accepted unless told not to.
 */
class ResourceServerConfigurationTests {

	private final MutableClock clock = new MutableClock(Instant.now());

	private final MutableTicker ticker = new MutableTicker();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class, JwtDecoderConfiguration.class)
		.withBean(Clock.class, () -> this.clock)
		.withBean(Ticker.class, () -> this.ticker);

	@Test
	void decoderWhenNoIssuerNorAudienceShouldFailNamingBoth() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new ResourceServerFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.contains("spring.security.oauth2.resourceserver.jwt.issuer-uri",
						"SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI")
				.contains("spring.security.oauth2.resourceserver.jwt.audiences",
						"SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES");
			assertThat(analysis.getAction()).contains("docs/security.md");
		});
	}

	@Test
	void decoderWhenOnlyJwkSetUriShouldStillNeedAnIssuer() {
		this.runner
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestTokens.jwkSetUri(),
					"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(ResourceServerNotConfiguredException.class)
				.hasMessageContaining("issuer-uri")
				.hasMessageNotContaining("audiences"));
	}

	@Test
	void decoderWhenSymmetricAlgorithmConfiguredShouldFail() {
		this.runner
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
					"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE,
					"spring.security.oauth2.resourceserver.jwt.jws-algorithms=RS256,HS256")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(ResourceServerNotConfiguredException.class)
				.hasMessageContaining("HS256"));
	}

	@Test
	void decoderWhenOnlyIssuerShouldDiscoverKeysLazily() {
		// Nothing listens there: start-up must not depend on the identity provider.
		this.runner
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:9/tenant/",
					"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatExceptionOfType(JwtDecoderInitializationException.class)
					.isThrownBy(() -> context.getBean(JwtDecoder.class).decode(TestTokens.user("auth0|alice")));
			});
	}

	@Test
	void decoderWhenOnlyIssuerShouldRememberTheTokensItAccepted() throws Exception {
		// The JDK's server rather than WireMock: discovery reads with a short timeout,
		// which
		// a cold WireMock on a loaded machine can miss.
		HttpServer issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		String issuerUri = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/tenant/";
		byte[] configuration = ("{\"issuer\":\"" + issuerUri + "\",\"jwks_uri\":\"" + TestTokens.jwkSetUri()
				+ "\",\"subject_types_supported\":[\"public\"]}")
			.getBytes(StandardCharsets.UTF_8);
		issuer.createContext("/tenant/.well-known/openid-configuration", (exchange) -> {
			try (exchange; OutputStream body = exchange.getResponseBody()) {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, configuration.length);
				body.write(configuration);
			}
		});
		issuer.start();
		try {
			String token = TestTokens.token((claims) -> claims.subject("auth0|alice").issuer(issuerUri));
			this.runner
				.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuerUri,
						"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE)
				.run((context) -> {
					JwtDecoder decoder = context.getBean(JwtDecoder.class);
					Jwt jwt = decoder.decode(token);
					assertThat(jwt.getSubject()).isEqualTo("auth0|alice");
					assertThat(decoder.decode(token)).isSameAs(jwt);
				});
		}
		finally {
			issuer.stop(0);
		}
	}

	@Test
	void decoderShouldRememberTheTokensItAcceptedAndCountHits() {
		String token = TestTokens.user("auth0|alice");
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
					"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestTokens.jwkSetUri(),
					"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE)
			.run((context) -> {
				JwtDecoder decoder = context.getBean(JwtDecoder.class);
				assertThat(decoder.decode(token)).isSameAs(decoder.decode(token));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(
						meters.get("cache.gets").tag("cache", "tokens").tag("result", "hit").functionCounter().count())
					.isEqualTo(1);
			});
	}

	@Test
	void decoderWhenTokenCacheIsOffShouldVerifyEveryToken() {
		String token = TestTokens.user("auth0|alice");
		this.runner
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
					"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestTokens.jwkSetUri(),
					"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE,
					"memberships.security.token-cache.maximum-size=0")
			.run((context) -> {
				JwtDecoder decoder = context.getBean(JwtDecoder.class);
				Jwt first = decoder.decode(token);
				assertThat(decoder.decode(token)).isNotSameAs(first).isEqualTo(first);
			});
	}

	@Test
	void decoderShouldAcceptTheIssuersTokensForTheAudience() {
		this.runner
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
					"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestTokens.jwkSetUri(),
					"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE)
			.run((context) -> {
				Jwt jwt = context.getBean(JwtDecoder.class).decode(TestTokens.user("auth0|alice"));
				assertThat(jwt.getSubject()).isEqualTo("auth0|alice");
			});
	}

	@Test
	void decoderShouldJudgeExpiryByTheApplicationsClock() {
		String token = TestTokens.user("auth0|alice");
		this.runner
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
					"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestTokens.jwkSetUri(),
					"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE)
			.run((context) -> {
				JwtDecoder decoder = context.getBean(JwtDecoder.class);
				Instant expiresAt = decoder.decode(token).getExpiresAt();
				// Past its exp, within the 30 s of clock skew.
				this.clock.advance(Duration.between(this.clock.instant(), expiresAt.plusSeconds(29)));
				assertThat(decoder.decode(token).getSubject()).isEqualTo("auth0|alice");
				this.clock.advance(Duration.ofSeconds(2));
				assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
					.withMessageContaining("expired");
			});
	}

	@Test
	void securityPropertiesShouldBeValidated() {
		Map<String, String> invalid = Map.of("memberships.security.service-scope=read memberships", "serviceScope",
				"memberships.security.admin-scope=", "adminScope", "memberships.security.admin-scope=read:memberships",
				"must differ", "memberships.security.clock-skew=10m", "clockSkew",
				"memberships.security.batch-max-body-size=0", "batch-max-body-size must be positive",
				"memberships.security.token-cache.maximum-size=-1", "tokenCache.maximumSize",
				"memberships.security.token-cache.max-ttl=0s", "tokenCache.maxTtl",
				"memberships.security.token-cache.max-ttl=2h", "tokenCache.maxTtl");
		invalid.forEach((setting, expected) -> this.runner.withPropertyValues(setting)
			.run((context) -> assertThat(context).getFailure().as(setting).rootCause().hasMessageContaining(expected)));
	}

	@Test
	void applicationWithoutIssuerAndWithoutDemoShouldNotStart() {
		SpringApplication application = new SpringApplication(MembershipsApplication.class);
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> application.run("--server.port=0", "--management.server.port=0",
					"--memberships.auth0.base-url=https://acme.eu.auth0.com", "--memberships.auth0.client-id=id",
					"--memberships.auth0.client-secret=secret", "--memberships.enos.base-url=https://apim.example.com",
					"--memberships.enos.app-key=key", "--memberships.enos.app-secret=secret",
					"--memberships.enos.organization-id=ou_main"))
			.satisfies((failure) -> assertThat(new ResourceServerFailureAnalyzer().analyze(failure)).isNotNull());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ OAuth2ResourceServerProperties.class, ApiSecurityProperties.class })
	static class Properties {

	}

}
