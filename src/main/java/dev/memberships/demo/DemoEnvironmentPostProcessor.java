package dev.memberships.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Makes {@code ./mvnw spring-boot:run} work with no configuration at all: when the demo
 * is active it starts {@link DemoUpstreams} and points the service at them.
 * <p>
 * The demo is active when {@value #ENABLED} is true, or when it is not set and neither
 * {@code memberships.auth0.base-url} nor {@code memberships.enos.base-url} is. Its
 * properties are added with the lowest precedence, so anything configured wins. Unless an
 * issuer is configured ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or
 * {@code jwk-set-uri}), the API is also pointed at the demo's own token issuer.
 * <p>
 * Runs last, after {@code application.properties} and the like have been loaded, so it
 * sees them. Registered in {@code META-INF/spring.factories}.
 */
class DemoEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String ENABLED = "memberships.demo.enabled";

	/** Set to true when the demo is active, for anything that wants to know. */
	static final String ACTIVE = "memberships.demo.active";

	static final String PROPERTY_SOURCE_NAME = "membershipsDemoUpstreams";

	private final Log logger;

	DemoEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DemoEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!isActive(environment) || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		DemoUpstreams upstreams = new DemoUpstreams().start();
		Map<String, Object> properties = new LinkedHashMap<>(upstreams.properties());
		boolean demoIssuer = !hasIssuer(environment);
		if (demoIssuer) {
			properties.putAll(upstreams.resourceServerProperties());
		}
		properties.put(ACTIVE, "true");
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		// Initializers are applied to the context after this runs: that is where the
		// server gets its bean and the listeners that stop it.
		application.addInitializers(new DemoLifecycle(upstreams));
		this.logger.info("Demo upstreams (sample Auth0 and EnOS) serving at " + upstreams.baseUrl()
				+ "; configure memberships.auth0.base-url and memberships.enos.base-url, or set " + ENABLED
				+ "=false, to turn them off");
		if (demoIssuer) {
			this.logger.info("The API accepts tokens of the demo issuer " + upstreams.issuer().issuer()
					+ " (ready tokens are logged at start-up); configure "
					+ "spring.security.oauth2.resourceserver.jwt.issuer-uri to use a real one");
		}
	}

	/** Whether the API is already told which issuer's tokens to accept. */
	private static boolean hasIssuer(Environment environment) {
		Binder binder = Binder.get(environment);
		return isSet(binder, DemoUpstreams.ISSUER_URI) || isSet(binder, DemoUpstreams.JWK_SET_URI);
	}

	static boolean isActive(Environment environment) {
		// A Binder, so that relaxed names (MEMBERSHIPS_AUTH0_BASEURL, ...) count too.
		Binder binder = Binder.get(environment);
		BindResult<Boolean> enabled = binder.bind(ENABLED, Boolean.class);
		if (enabled.isBound()) {
			return enabled.get();
		}
		return !isSet(binder, "memberships.auth0.base-url") && !isSet(binder, "memberships.enos.base-url");
	}

	private static boolean isSet(Binder binder, String name) {
		return binder.bind(name, String.class).map(StringUtils::hasText).orElse(false);
	}

}
