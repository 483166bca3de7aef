package dev.memberships.membership;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.UpstreamStubs;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the Spring tests of the memberships API share: the {@link StubUpstreams} with
 * their tokens stubbed and the service's caches emptied before every test, and requests
 * to the service's port over real HTTP.
 * <p>
 * It carries no Spring test annotation on purpose: each subclass names its own context
 * ({@code @ServiceTest}, or {@code @SpringBootTest} with {@code @UseStubUpstreams} and
 * the properties it needs), so the context cache sees the same configurations as before.
 */
abstract class MembershipsApiTestSupport {

	protected static final WireMockServer auth0 = StubUpstreams.auth0();

	protected static final WireMockServer enos = StubUpstreams.enos();

	protected final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	protected int port;

	@Autowired
	protected JsonMapper json;

	@Autowired
	protected MembershipSources sources;

	// Runs before the subclass's own @BeforeEach, which adds the answers its tests need.
	@BeforeEach
	void stubTokensAndForgetCachedAnswers() {
		UpstreamStubs.tokens(auth0, enos);
		this.sources.evictAll();
	}

	/** A request to the API port, without credentials. */
	protected HttpRequest.Builder api(String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + pathAndQuery))
			.timeout(Duration.ofSeconds(30));
	}

	/**
	 * A request to the API port as a service, which may read any user: these tests are
	 * about the answers, not the rules.
	 */
	protected HttpRequest.Builder request(String pathAndQuery) {
		return api(pathAndQuery).header("Authorization", TestTokens.bearer(TestTokens.service()));
	}

	protected HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
