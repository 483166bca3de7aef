package dev.memberships.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import dev.memberships.security.TestTokens;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The stub Auth0 and EnOS servers every Spring test of the service talks to: two
 * in-process WireMock servers, started once per JVM on free ports and never stopped (the
 * JVM's end stops them). Their URLs and credentials never change during a run, so every
 * test class that points the service at them can share one cached application context.
 * Join them with {@link UseStubUpstreams} (or {@link ServiceTest}, which includes it);
 * stub answers with {@link #auth0()} and {@link #enos()} in the test or its
 * {@code @BeforeEach}.
 * <p>
 * Silent: they log nothing, not even unmatched requests (whose bodies carry the client
 * secret), so log checks see only the service's own lines. The EnOS server knows the
 * {@link EnosOrganizationUnitStub} transformer, used only by stubs that name it.
 */
public final class StubUpstreams {

	/** The Auth0 client secret the service is given. */
	public static final String AUTH0_CLIENT_SECRET = "auth0-client-secret-7f3a9c0d";

	/** The EnOS application secret the service is given. */
	public static final String ENOS_APP_SECRET = "enos-app-secret-41bd2e77";

	/** The OU asked when a request names none. */
	public static final String ORGANIZATION_ID = "ou_main";

	private StubUpstreams() {
	}

	/** Stands in for Auth0: the token endpoint and the Management API. */
	public static WireMockServer auth0() {
		return Servers.AUTH0;
	}

	/** Stands in for the EnOS gateway: its token service and the app portal. */
	public static WireMockServer enos() {
		return Servers.ENOS;
	}

	/**
	 * What points the service at the stubs: base URLs, credentials, the default OU, and
	 * {@link TestTokens}' issuer.
	 */
	public static Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("memberships.auth0.base-url", auth0().baseUrl());
		properties.put("memberships.auth0.client-id", "stub-client");
		properties.put("memberships.auth0.client-secret", AUTH0_CLIENT_SECRET);
		properties.put("memberships.enos.base-url", enos().baseUrl());
		properties.put("memberships.enos.app-key", "stub-app-key");
		properties.put("memberships.enos.app-secret", ENOS_APP_SECRET);
		properties.put("memberships.enos.organization-id", ORGANIZATION_ID);
		properties.putAll(TestTokens.properties());
		// At start-up the stubs know nothing yet: a warm-up would only put the token
		// endpoints in failure backoff. WarmUpTests run the warm-up themselves.
		properties.put("memberships.warm-up.enabled", "false");
		return properties;
	}

	/** Forgets every stub, scenario and logged request of both servers. */
	public static void reset() {
		auth0().resetAll();
		enos().resetAll();
	}

	/**
	 * Adds {@link #properties()} to the context's environment ahead of every other
	 * source, as {@code @DynamicPropertySource} would, but as one class that every test
	 * names alike, so that the context cache key stays the same.
	 */
	static final class PropertiesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("stubUpstreams", properties()));
		}

	}

	/**
	 * Starts every test with stubs that know nothing, as {@code WireMockExtension} did
	 * per class. Runs before the test's own {@code @BeforeEach} methods.
	 */
	static final class ResetExtension implements BeforeEachCallback {

		@Override
		public void beforeEach(ExtensionContext context) {
			reset();
		}

	}

	// Started on first use, once: a holder, so that merely loading the class starts
	// nothing.
	private static final class Servers {

		static final WireMockServer AUTH0 = start(
				new WireMockServer(wireMockConfig().dynamicPort().notifier(new Silent())));

		static final WireMockServer ENOS = start(new WireMockServer(
				wireMockConfig().dynamicPort().notifier(new Silent()).extensions(new EnosOrganizationUnitStub())));

		private static WireMockServer start(WireMockServer server) {
			server.start();
			return server;
		}

	}

	private static final class Silent implements Notifier {

		@Override
		public void info(String message) {
		}

		@Override
		public void error(String message) {
		}

		@Override
		public void error(String message, Throwable t) {
		}

	}

}
