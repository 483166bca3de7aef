package dev.memberships.auth0;

import java.time.Clock;
import java.time.Duration;
import java.util.StringJoiner;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.memberships.upstream.TestUpstreams;
import dev.memberships.upstream.UpstreamResilienceRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

/**
 * Auth0 answers, as the Management API and its token endpoint write them.
 */
final class Auth0Stubs {

	static final String CLIENT_ID = "memberships-m2m";

	static final String CLIENT_SECRET = "s3cr3t-do-not-leak";

	static final String TOKEN_PATH = "/oauth/token";

	private Auth0Stubs() {
	}

	static Auth0Properties properties(String baseUrl) {
		return properties(baseUrl, null, 100, 2_097_152);
	}

	static Auth0Properties properties(String baseUrl, String audience, int pageSize, int maxBodySize) {
		return new Auth0Properties(baseUrl, CLIENT_ID, CLIENT_SECRET, audience, pageSize, Duration.ofSeconds(1),
				maxBodySize);
	}

	/**
	 * Every upstream's protection at its defaults, judged by the given clock. The default
	 * deadline is 5 s rather than 2 s, so that a cold JVM's first call is not cut short;
	 * still shorter than the 7 s Retry-After of the rate-limit tests.
	 */
	static UpstreamResilienceRegistry resilience(Clock clock) {
		return TestUpstreams.registry(clock, Duration.ofSeconds(5));
	}

	static ResponseDefinitionBuilder token(String value, long expiresIn) {
		return okJson("""
				{"access_token":"%s","expires_in":%d,"scope":"read:organizations","token_type":"Bearer"}"""
			.formatted(value, expiresIn));
	}

	/**
	 * A page holding organizations {@code org_<from>} to {@code org_<from + count - 1>}.
	 */
	static ResponseDefinitionBuilder page(int from, int count, int total) {
		StringJoiner organizations = new StringJoiner(",", "[", "]");
		for (int i = from; i < from + count; i++) {
			organizations.add("""
					{"id":"org_%d","name":"org-%d","display_name":"Org %d"}""".formatted(i, i, i));
		}
		return okJson("""
				{"start":%d,"limit":%d,"total":%d,"organizations":%s}""".formatted(from, count, total, organizations));
	}

}
