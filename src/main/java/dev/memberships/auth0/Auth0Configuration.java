package dev.memberships.auth0;

import java.time.Clock;

import dev.memberships.upstream.UpstreamResilienceRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The Auth0 client, built on the auto-configured {@link WebClient.Builder} so that Boot's
 * codecs and observability apply to it too.
 */
@Configuration(proxyBeanMethods = false)
public class Auth0Configuration {

	/**
	 * The Auth0 client.
	 * @param properties how to reach Auth0
	 * @param webClientBuilder the application's builder
	 * @param clock the application's clock when it defines one (tests do), else the
	 * system clock in UTC
	 * @param resilience the protection of the {@code auth0} and {@code auth0-token}
	 * upstreams
	 * @return the client
	 */
	@Bean
	WebClientAuth0Client auth0Client(Auth0Properties properties, WebClient.Builder webClientBuilder, Clock clock,
			UpstreamResilienceRegistry resilience) {
		return new WebClientAuth0Client(properties, webClientBuilder, clock, resilience);
	}

	/**
	 * Auth0's organization and member lists, for the organization index only.
	 * @param auth0Client the client whose connections, token and protection it shares
	 * @return the directory
	 */
	@Bean
	@ConditionalOnBooleanProperty("memberships.auth0.index.enabled")
	OrganizationDirectory organizationDirectory(WebClientAuth0Client auth0Client) {
		return auth0Client.directory();
	}

}
