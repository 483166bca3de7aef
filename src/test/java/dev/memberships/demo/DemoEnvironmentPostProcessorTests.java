package dev.memberships.demo;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * When the demo switches itself on, what it adds, and that closing the context stops it.
 */
class DemoEnvironmentPostProcessorTests {

	private final DemoEnvironmentPostProcessor postProcessor = new DemoEnvironmentPostProcessor(
			(destination) -> destination.get());

	private final StandardEnvironment environment = new StandardEnvironment();

	private final SpringApplication application = new SpringApplication();

	private GenericApplicationContext context;

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void postProcessWhenNothingIsConfiguredShouldStartDemoWithLowestPrecedenceProperties() {
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		DemoUpstreams upstreams = refreshContext().getBean(DemoLifecycle.BEAN_NAME, DemoUpstreams.class);
		assertThat(upstreams.isRunning()).isTrue();
		PropertySource<?> last = this.environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow();
		assertThat(last.getName()).isEqualTo(DemoEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
		assertThat(this.environment.getProperty("memberships.auth0.base-url"))
			.isEqualTo(upstreams.baseUrl() + "/auth0");
		assertThat(this.environment.getProperty("memberships.auth0.client-id")).isEqualTo("demo-client");
		assertThat(this.environment.getProperty("memberships.auth0.client-secret")).isEqualTo("demo-secret");
		assertThat(this.environment.getProperty("memberships.enos.base-url")).isEqualTo(upstreams.baseUrl() + "/enos");
		assertThat(this.environment.getProperty("memberships.enos.app-key")).isEqualTo("demo-app-key");
		assertThat(this.environment.getProperty("memberships.enos.app-secret")).isEqualTo("demo-app-secret");
		assertThat(this.environment.getProperty("memberships.enos.organization-id")).isEqualTo("ou_demo");
		assertThat(this.environment.getProperty(DemoEnvironmentPostProcessor.ACTIVE)).isEqualTo("true");
		assertThat(this.environment.getProperty(DemoUpstreams.ISSUER_URI)).isEqualTo(upstreams.baseUrl() + "/issuer/");
		assertThat(this.environment.getProperty(DemoUpstreams.JWK_SET_URI))
			.isEqualTo(upstreams.baseUrl() + "/issuer/.well-known/jwks.json");
		assertThat(this.environment.getProperty(DemoUpstreams.AUDIENCES)).isEqualTo(DemoIssuer.AUDIENCE);
		int port = URI.create(upstreams.baseUrl()).getPort();
		this.context.close();
		assertThat(upstreams.isRunning()).isFalse();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	@Test
	void postProcessWhenAuth0BaseUrlIsSetShouldAddNothing() {
		addProperties(Map.of("memberships.auth0.base-url", "https://acme.eu.auth0.com"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertNothingAdded();
	}

	@Test
	void postProcessWhenEnosBaseUrlIsSetAsEnvironmentVariableShouldAddNothing() {
		this.environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("MEMBERSHIPS_ENOS_BASEURL", "https://apim-ppe1.envisioniot.com")));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertNothingAdded();
	}

	@Test
	void postProcessWhenDisabledShouldAddNothing() {
		addProperties(Map.of(DemoEnvironmentPostProcessor.ENABLED, "false"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertNothingAdded();
	}

	@Test
	void postProcessWhenEnabledAlongsideARealBaseUrlShouldLetTheConfiguredOneWin() {
		addProperties(Map.of(DemoEnvironmentPostProcessor.ENABLED, "true", "memberships.auth0.base-url",
				"https://acme.eu.auth0.com"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		DemoUpstreams upstreams = refreshContext().getBean(DemoLifecycle.BEAN_NAME, DemoUpstreams.class);
		assertThat(this.environment.getProperty("memberships.auth0.base-url")).isEqualTo("https://acme.eu.auth0.com");
		assertThat(this.environment.getProperty("memberships.enos.base-url")).isEqualTo(upstreams.baseUrl() + "/enos");
	}

	@Test
	void postProcessWhenAnIssuerIsConfiguredShouldLeaveTokenValidationToIt() {
		addProperties(Map.of(DemoUpstreams.ISSUER_URI, "https://acme.eu.auth0.com/"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		DemoUpstreams upstreams = refreshContext().getBean(DemoLifecycle.BEAN_NAME, DemoUpstreams.class);
		assertThat(this.environment.getProperty("memberships.auth0.base-url"))
			.isEqualTo(upstreams.baseUrl() + "/auth0");
		assertThat(this.environment.getProperty(DemoUpstreams.ISSUER_URI)).isEqualTo("https://acme.eu.auth0.com/");
		assertThat(this.environment.containsProperty(DemoUpstreams.JWK_SET_URI)).isFalse();
		assertThat(this.environment.containsProperty(DemoUpstreams.AUDIENCES)).isFalse();
	}

	@Test
	void demoIssuerShouldServeItsPublicKeysOnly() {
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		refreshContext();
		try (DemoHttpClient client = new DemoHttpClient(
				this.environment.getProperty(DemoUpstreams.JWK_SET_URI).replace("/issuer/.well-known/jwks.json", ""))) {
			DemoHttpClient.Answer jwks = client.get("/issuer/.well-known/jwks.json", null);
			assertThat(jwks.status()).isEqualTo(200);
			assertThat(jwks.body().at("/keys/0/kty").asString()).isEqualTo("RSA");
			assertThat(jwks.body().at("/keys/0/alg").asString()).isEqualTo("RS256");
			assertThat(jwks.body().at("/keys/0").has("d")).isFalse();
			assertThat(client.get("/issuer/token", null).status()).isEqualTo(404);
		}
	}

	@Test
	void closingAChildContextShouldNotStopTheDemo() {
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		DemoUpstreams upstreams = refreshContext().getBean(DemoLifecycle.BEAN_NAME, DemoUpstreams.class);
		GenericApplicationContext child = new GenericApplicationContext();
		child.setParent(this.context);
		child.refresh();
		child.close();
		assertThat(upstreams.isRunning()).isTrue();
		this.context.close();
		assertThat(upstreams.isRunning()).isFalse();
	}

	private void addProperties(Map<String, Object> properties) {
		this.environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
	}

	private void assertNothingAdded() {
		assertThat(this.environment.getPropertySources().contains(DemoEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
		assertThat(this.application.getInitializers()).noneMatch(DemoLifecycle.class::isInstance);
	}

	// What SpringApplication does with the initializers the post-processor added.
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private GenericApplicationContext refreshContext() {
		this.context = new GenericApplicationContext();
		this.context.setEnvironment(this.environment);
		List<ApplicationContextInitializer<?>> initializers = List.copyOf(this.application.getInitializers());
		for (ApplicationContextInitializer initializer : initializers) {
			if (initializer instanceof DemoLifecycle) {
				initializer.initialize((ConfigurableApplicationContext) this.context);
			}
		}
		this.context.refresh();
		return this.context;
	}

}
