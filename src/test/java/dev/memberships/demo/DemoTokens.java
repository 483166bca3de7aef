package dev.memberships.demo;

import java.time.Duration;
import java.util.List;

import dev.memberships.security.ApiSecurityProperties;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The ready tokens the demo logs: one for a sample user (no scope: she may read only
 * herself), one for a service with the service scope, one for an operator with the admin
 * scope. Scope names and audience are read from the configuration, so renamed scopes
 * still work in the demo.
 *
 * @param user a token of {@code auth0|alice}
 * @param service a token of {@code demo-service@clients} with the service scope
 * @param admin a token of {@code demo-operator@clients} with the admin scope
 * @param serviceScope the service scope's name
 * @param adminScope the admin scope's name
 */
record DemoTokens(String user, String service, String admin, String serviceScope, String adminScope) {

	/** Long enough for a day of trying things out. */
	static final Duration TTL = Duration.ofHours(24);

	static final String SERVICE = "demo-service@clients";

	static final String OPERATOR = "demo-operator@clients";

	static DemoTokens mint(DemoIssuer issuer, Environment environment) {
		Binder binder = Binder.get(environment);
		String serviceScope = binder.bind("memberships.security.service-scope", String.class)
			.orElse(ApiSecurityProperties.DEFAULT_SERVICE_SCOPE);
		String adminScope = binder.bind("memberships.security.admin-scope", String.class)
			.orElse(ApiSecurityProperties.DEFAULT_ADMIN_SCOPE);
		String audience = binder.bind(DemoUpstreams.AUDIENCES, Bindable.listOf(String.class))
			.map((audiences) -> audiences.isEmpty() ? DemoIssuer.AUDIENCE : audiences.get(0))
			.orElse(DemoIssuer.AUDIENCE);
		return new DemoTokens(issuer.mint(DemoData.ALICE, audience, List.of(), TTL),
				issuer.mint(SERVICE, audience, List.of(serviceScope), TTL),
				issuer.mint(OPERATOR, audience, List.of(adminScope), TTL), serviceScope, adminScope);
	}

}
