package dev.memberships.auth0;

import java.time.Clock;
import java.time.Duration;

import dev.memberships.upstream.TestUpstreams;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The Auth0 client and organization directory as the application builds them, against a
 * stub, for tests of other packages.
 */
public final class Auth0TestClients {

	private final WebClientAuth0Client client;

	/**
	 * Clients of one stub Auth0, sharing one token and one {@code auth0} protection.
	 * @param baseUrl the stub's URL; its token endpoint must be stubbed with
	 * {@link #tokenAnswer()}
	 * @param clock the clock the protection and tokens judge time by
	 */
	public Auth0TestClients(String baseUrl, Clock clock) {
		// A long default deadline: the first call of a cold JVM on a loaded build machine
		// must not time out; no test here is about deadlines.
		this.client = new WebClientAuth0Client(Auth0Stubs.properties(baseUrl), WebClient.builder(), clock,
				TestUpstreams.registry(clock, Duration.ofSeconds(30)));
	}

	public Auth0Client client() {
		return this.client;
	}

	public OrganizationDirectory directory() {
		return this.client.directory();
	}

	/** The token endpoint's path. */
	public static String tokenPath() {
		return Auth0Stubs.TOKEN_PATH;
	}

	/** A token answer good for a day. */
	public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokenAnswer() {
		return Auth0Stubs.token("token-1", 86_400);
	}

}
