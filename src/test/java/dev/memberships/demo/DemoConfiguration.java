package dev.memberships.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.support.DynamicPropertyRegistrarBeanInitializer;
import org.springframework.util.StringUtils;

/**
 * The demo as a development-time service, the way Spring Boot runs Testcontainers for
 * {@code ./mvnw spring-boot:test-run} ({@code TestMembershipsApplication}): starts
 * {@link DemoUpstreams} as a bean, stopped with the context, points the service at them
 * through a {@link DynamicPropertyRegistrar}, and once the application is ready logs curl
 * commands carrying tokens of the demo issuer ({@link DemoCurlLines}).
 * <p>
 * Unless an issuer is configured ({@code issuer-uri} or {@code jwk-set-uri}), the API
 * accepts the demo issuer's tokens. A {@code @TestConfiguration}: component scanning
 * never picks it up, only a test or a test run that names it does.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DemoConfiguration {

	@Bean
	DemoUpstreams demoUpstreams() {
		return new DemoUpstreams().start();
	}

	@Bean
	DynamicPropertyRegistrar demoUpstreamsProperties(DemoUpstreams upstreams, Environment environment) {
		return (registry) -> {
			upstreams.properties().forEach((name, value) -> registry.add(name, () -> value));
			if (!hasIssuer(environment)) {
				upstreams.resourceServerProperties().forEach((name, value) -> registry.add(name, () -> value));
			}
		};
	}

	/**
	 * Makes {@link DynamicPropertyRegistrar} beans count outside the TestContext
	 * framework, in a test run; a test's context has its own.
	 */
	@Bean
	@ConditionalOnMissingBean
	static DynamicPropertyRegistrarBeanInitializer dynamicPropertyRegistrarBeanInitializer() {
		return new DynamicPropertyRegistrarBeanInitializer();
	}

	@Bean
	DemoCurlLines demoCurlLines(DemoUpstreams upstreams) {
		return new DemoCurlLines(upstreams);
	}

	/** Whether the API is already told which issuer's tokens to accept. */
	private static boolean hasIssuer(Environment environment) {
		// A Binder, so that relaxed names (SPRING_SECURITY_..._ISSUERURI) count too.
		Binder binder = Binder.get(environment);
		return isSet(binder, DemoUpstreams.ISSUER_URI) || isSet(binder, DemoUpstreams.JWK_SET_URI);
	}

	private static boolean isSet(Binder binder, String name) {
		return binder.bind(name, String.class).map(StringUtils::hasText).orElse(false);
	}

}
