package dev.memberships.enos;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.memberships.enos.EnosTestSupport.Endpoint;
import dev.memberships.testsupport.MutableClock;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The APIM access token: how it is requested, shared, reused and replaced.
 */
class EnosClientTokenTests {

	@RegisterExtension
	static WireMockExtension wireMock = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final MutableClock clock = new MutableClock(EnosTestSupport.START);

	private final EnosClient client = EnosTestSupport.client(wireMock, this.clock);

	@Test
	void getUserGroupsShouldRequestTokenWithAppKeyTimestampAndEncryption() throws Exception {
		// Built as the application builds it, with the application's clock.
		EnosClient fixedClient = new EnosConfiguration().enosClient(EnosTestSupport.properties(wireMock),
				WebClient.builder(), EnosTestSupport.jsonMapper(), Clock.fixed(EnosTestSupport.START, ZoneOffset.UTC),
				EnosTestSupport.resilience(Clock.systemUTC()));
		long timestamp = EnosTestSupport.START.toEpochMilli();
		String encryption = EnosTestSupport.sha256Hex(EnosTestSupport.APP_KEY + timestamp + EnosTestSupport.APP_SECRET);
		EnosTestSupport.stubTokens(wireMock, "token-1");
		stubGroups();
		EnosTestSupport.resultOf(Endpoint.GROUPS.call(fixedClient));
		wireMock.verify(exactly(1),
				postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH))
					.withHeader("Content-Type", equalTo("application/json"))
					.withRequestBody(equalToJson("{\"appKey\":\"" + EnosTestSupport.APP_KEY + "\",\"encryption\":\""
							+ encryption + "\",\"timestamp\":" + timestamp + "}")));
		wireMock.verify(
				postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)).withHeader("apim-accesstoken", equalTo("token-1")));
	}

	@Test
	void getUserGroupsWhenFiftyCallsAtOnceShouldFetchTokenOnce() {
		// Slow enough that every call is waiting for it before it arrives.
		wireMock.stubFor(post(EnosTestSupport.TOKEN_PATH)
			.willReturn(EnosTestSupport.tokenAnswer("token-1", 7200).withFixedDelay(300)));
		stubGroups();
		List<EnosAssignments> answers = Flux.range(0, 50)
			.flatMap((i) -> Endpoint.GROUPS.call(this.client), 50)
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(answers).hasSize(50);
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		wireMock.verify(exactly(50),
				postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)).withHeader("apim-accesstoken", equalTo("token-1")));
	}

	@Test
	void getUserGroupsShouldReuseTokenUntilFiveMinutesBeforeExpiry() {
		EnosTestSupport.stubTokens(wireMock, "token-1", "token-2");
		stubGroups();
		EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client));
		this.clock.advance(Duration.ofSeconds(7200 - 300 - 1));
		EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client));
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		this.clock.advance(Duration.ofSeconds(1));
		EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client));
		wireMock.verify(exactly(2), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		wireMock.verify(exactly(2),
				postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)).withHeader("apim-accesstoken", equalTo("token-1")));
		wireMock.verify(exactly(1),
				postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)).withHeader("apim-accesstoken", equalTo("token-2")));
	}

	static Stream<Arguments> failedTokenAnswers() {
		return Stream.of(Arguments.of("status not 0", okJson("{\"status\":1001,\"msg\":\"bad appKey\",\"data\":null}")),
				Arguments.of("HTTP 500", serverError().withBody("{\"status\":0}")),
				Arguments.of("HTML", aResponse().withStatus(200).withBody("<html>" + EnosTestSupport.APP_SECRET)),
				Arguments.of("no token", okJson("{\"status\":0,\"data\":{\"accessToken\":\"\",\"expire\":7200}}")),
				Arguments.of("no expiry", okJson("{\"status\":0,\"data\":{\"accessToken\":\"token-1\"}}")),
				Arguments.of("wrong shape", okJson("{\"status\":0,\"data\":[\"token-1\"]}")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failedTokenAnswers")
	void getUserGroupsWhenTokenRequestFailsShouldFailWithAuthFailed(String name, ResponseDefinitionBuilder answer) {
		wireMock.stubFor(post(EnosTestSupport.TOKEN_PATH).willReturn(answer));
		stubGroups();
		UpstreamException failure = EnosTestSupport.failureOf(Endpoint.GROUPS.call(this.client));
		assertThat(failure.reason()).isEqualTo(FailureReason.AUTH_FAILED);
		assertThat(failure.upstream()).isEqualTo("enos-token");
		wireMock.verify(exactly(0), postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)));
	}

	@Test
	void getUserGroupsWhenTokenServiceDownShouldBackOffThenFetchAgain() {
		wireMock.stubFor(post(EnosTestSupport.TOKEN_PATH).willReturn(serverError()));
		stubGroups();
		UpstreamException failure = EnosTestSupport.failureOf(Endpoint.GROUPS.call(this.client));
		assertThat(failure.reason()).isEqualTo(FailureReason.AUTH_FAILED);
		assertThat(failure.upstream()).isEqualTo("enos-token");
		// An outage is retried: three attempts (the default), then no more.
		wireMock.verify(exactly(3), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		// Within the backoff, both endpoints fail at once without asking for a token.
		assertThat(EnosTestSupport.failureOf(Endpoint.STRUCTURES.call(this.client)).reason())
			.isEqualTo(FailureReason.AUTH_FAILED);
		assertThat(EnosTestSupport.failureOf(Endpoint.GROUPS.call(this.client)).retryAfter()).isPresent();
		wireMock.verify(exactly(3), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		wireMock.stubFor(post(EnosTestSupport.TOKEN_PATH).willReturn(EnosTestSupport.tokenAnswer("token-1", 7200)));
		this.clock.advance(Duration.ofSeconds(1));
		EnosAssignments answer = EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client));
		assertThat(answer.of("u1")).isNotEmpty();
		wireMock.verify(exactly(4), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)));
		wireMock.verify(exactly(0), postRequestedFor(urlEqualTo(Endpoint.STRUCTURES.path)));
	}

	@Test
	void getUserGroupsWhenNewTokenIsTheRejectedOneShouldKeepUsingItAfterItWorks() {
		// EnOS hands back the same token while it is valid, even one the gateway refused.
		wireMock.stubFor(post(EnosTestSupport.TOKEN_PATH).willReturn(EnosTestSupport.tokenAnswer("token-1", 7200)));
		wireMock.stubFor(post(Endpoint.GROUPS.path).inScenario("expired")
			.whenScenarioStateIs("Started")
			.willSetStateTo("accepted")
			.willReturn(okJson(EnosTestSupport.failure(1203))));
		wireMock.stubFor(post(Endpoint.GROUPS.path).inScenario("expired")
			.whenScenarioStateIs("accepted")
			.willReturn(okJson(EnosTestSupport.success(Endpoint.GROUPS.data))));
		EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client));
		EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client));
		EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client));
		wireMock.verify(exactly(2), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
	}

	private static void stubGroups() {
		wireMock.stubFor(post(Endpoint.GROUPS.path).willReturn(okJson(EnosTestSupport.success(Endpoint.GROUPS.data))));
	}

}
