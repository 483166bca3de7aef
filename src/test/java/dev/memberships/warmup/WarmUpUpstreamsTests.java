package dev.memberships.warmup;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.testsupport.ServiceTest;
import dev.memberships.testsupport.StubUpstreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service's warm-up (the shared context's, run again here: at start-up the
 * stubs knew nothing yet) against the stub upstreams: it holds both tokens and the
 * issuer's keys, answers its own requests through the whole stack complete (from the
 * loopback upstreams), and asks the real upstreams about no user.
 */
@ServiceTest
class WarmUpUpstreamsTests {

	private static final WireMockServer auth0 = StubUpstreams.auth0();

	private static final WireMockServer enos = StubUpstreams.enos();

	@Autowired
	private WarmUp warmUp;

	@BeforeEach
	void stubTokens() {
		auth0.stubFor(post("/oauth/token")
			.willReturn(okJson("{\"access_token\":\"auth0-token\",\"expires_in\":86400,\"token_type\":\"Bearer\"}")));
		enos.stubFor(post("/apim-token-service/v2.0/token/get").willReturn(okJson(
				"{\"status\":0,\"msg\":\"Success\",\"business\":\"0\",\"data\":{\"accessToken\":\"enos-token\",\"expire\":7200}}")));
	}

	@Test
	void warmUpShouldHoldTokensAndIssuerKeysWithoutAskingAnyUpstreamAboutAUser() {
		// A young JVM on a loaded machine may miss a first fetch's deadline: the pod
		// would
		// report ready after one bounded run anyway; here the next run must make it.
		List<String> outcomes = await().atMost(Duration.ofMinutes(2))
			.until(this.warmUp::run, (run) -> run.stream().noneMatch((outcome) -> outcome.contains("not done")));

		assertThat(outcomes).anyMatch((outcome) -> outcome.matches("auth0-token \\d+ ms"))
			.anyMatch((outcome) -> outcome.matches("enos-token \\d+ ms"))
			.anyMatch((outcome) -> outcome.matches("issuer-keys \\d+ ms"))
			.anyMatch((outcome) -> outcome.matches("request-path (\\d+) of \\1 complete in \\d+ ms"));
		assertThat(auth0.findAll(anyRequestedFor(urlPathMatching("/api/v2/.*")))).isEmpty();
		assertThat(enos.findAll(anyRequestedFor(urlPathMatching("/app-portal-service/.*")))).isEmpty();
	}

}
