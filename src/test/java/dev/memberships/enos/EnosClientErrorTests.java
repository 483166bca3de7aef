package dev.memberships.enos;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.memberships.enos.EnosTestSupport.Endpoint;
import dev.memberships.testsupport.MutableClock;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * EnOS failures, whether the code comes with HTTP 200 or with an HTTP error, and what the
 * client makes of answers it cannot read.
 */
class EnosClientErrorTests {

	@RegisterExtension
	static WireMockExtension wireMock = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final EnosClient client = EnosTestSupport.client(wireMock, new MutableClock(EnosTestSupport.START));

	@BeforeEach
	void stubToken() {
		EnosTestSupport.stubTokens(wireMock, "token-1", "token-2");
	}

	static Stream<Arguments> codes() {
		List<Arguments> codes = List.of(Arguments.of(31400, FailureReason.REJECTED),
				Arguments.of(31403, FailureReason.FORBIDDEN), Arguments.of(31404, FailureReason.NOT_FOUND),
				Arguments.of(1001, FailureReason.AUTH_FAILED), Arguments.of(1002, FailureReason.AUTH_FAILED),
				Arguments.of(1003, FailureReason.AUTH_FAILED), Arguments.of(1004, FailureReason.AUTH_FAILED),
				Arguments.of(1005, FailureReason.AUTH_FAILED), Arguments.of(1202, FailureReason.AUTH_FAILED),
				Arguments.of(1204, FailureReason.AUTH_FAILED), Arguments.of(31500, FailureReason.UPSTREAM_ERROR),
				Arguments.of(-1, FailureReason.UPSTREAM_ERROR));
		// HTTP 400 whatever the code, so that only the code can give the right reason.
		return Stream.of(Endpoint.values())
			.flatMap((endpoint) -> Stream.of(200, 400)
				.flatMap((status) -> codes.stream()
					.map((code) -> Arguments.of(endpoint, status, code.get()[0], code.get()[1]))));
	}

	@ParameterizedTest(name = "{0} HTTP {1} code {2} -> {3}")
	@MethodSource("codes")
	void callWhenEnosAnswersErrorCodeShouldFailWithItsReason(Endpoint endpoint, int status, int code,
			FailureReason reason) {
		wireMock.stubFor(post(endpoint.path).willReturn(json(status, EnosTestSupport.failure(code))));
		UpstreamException failure = EnosTestSupport.failureOf(endpoint.call(this.client));
		assertThat(failure.reason()).isEqualTo(reason);
		assertThat(failure.upstream()).isEqualTo(endpoint.upstream);
		assertThat(failure.statusCode()).isEqualTo(status);
		// No retry: only an expired or refused token is worth a second try.
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(endpoint.path)));
	}

	static Stream<Arguments> refusedTokens() {
		return Stream.of(Endpoint.values())
			.flatMap((endpoint) -> Stream.of(Arguments.of(endpoint, json(200, EnosTestSupport.failure(1203))),
					Arguments.of(endpoint, json(401, EnosTestSupport.failure(1203))),
					Arguments.of(endpoint, json(400, EnosTestSupport.failure(1203))),
					Arguments.of(endpoint, aResponse().withStatus(401))));
	}

	@ParameterizedTest
	@MethodSource("refusedTokens")
	void callWhenTokenExpiredShouldFetchNewTokenOnceAndRetryOnce(Endpoint endpoint, ResponseDefinitionBuilder refusal)
			throws Exception {
		wireMock.stubFor(post(endpoint.path).withHeader("apim-accesstoken", equalTo("token-1")).willReturn(refusal));
		wireMock.stubFor(post(endpoint.path).withHeader("apim-accesstoken", equalTo("token-2"))
			.willReturn(json(200, EnosTestSupport.success(endpoint.data))));
		EnosAssignments answer = EnosTestSupport.resultOf(endpoint.call(this.client));
		assertThat(answer.of("u1")).extracting(EnosAssignments.EnosItem::name).containsExactly("Plant A");
		wireMock.verify(exactly(2), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		List<LoggedRequest> calls = wireMock.findAll(postRequestedFor(urlEqualTo(endpoint.path)));
		assertThat(calls).extracting((call) -> call.getHeader("apim-accesstoken"))
			.containsExactly("token-1", "token-2");
		EnosTestSupport.assertSigned(calls.get(1));
		assertThat(calls.get(1).getBody()).isEqualTo(calls.get(0).getBody());
	}

	@ParameterizedTest
	@EnumSource
	void callWhenNewTokenIsRefusedTooShouldFailWithAuthFailed(Endpoint endpoint) {
		wireMock.stubFor(post(endpoint.path).willReturn(json(200, EnosTestSupport.failure(1203))));
		UpstreamException failure = EnosTestSupport.failureOf(endpoint.call(this.client));
		assertThat(failure.reason()).isEqualTo(FailureReason.AUTH_FAILED);
		assertThat(failure.upstream()).isEqualTo(endpoint.upstream);
		wireMock.verify(exactly(2), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		wireMock.verify(exactly(2), postRequestedFor(urlEqualTo(endpoint.path)));
	}

	static Stream<Arguments> unreadableAnswers() {
		String oversized = EnosTestSupport.success("{\"usersUserGroups\":[],\"userGroups\":[],\"padding\":\""
				+ "x".repeat(EnosTestSupport.MAX_BODY_SIZE) + "\"}");
		return Stream.of(Endpoint.values())
			.flatMap((endpoint) -> Stream.of(
					Arguments.of(endpoint, "HTML",
							aResponse().withStatus(200)
								.withHeader("Content-Type", "text/html")
								.withBody("<html><body>Gateway</body></html>")),
					Arguments.of(endpoint, "truncated", json(200, "{\"code\":0,\"data\":{\"usersUserGroups\":[")),
					Arguments.of(endpoint, "oversized", json(200, oversized)),
					Arguments.of(endpoint, "empty", aResponse().withStatus(200)),
					Arguments.of(endpoint, "no code", json(200, "{\"data\":{}}")),
					Arguments.of(endpoint, "no data", json(200, "{\"code\":0,\"message\":\"OK\"}")),
					Arguments.of(endpoint, "wrong shape", json(200,
							EnosTestSupport.success("{\"usersUserGroups\":\"u1\",\"usersUserStructures\":\"u1\"}")))));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("unreadableAnswers")
	void callWhenAnswerIsUnreadableShouldFailWithBadResponse(Endpoint endpoint, String name,
			ResponseDefinitionBuilder answer) {
		wireMock.stubFor(post(endpoint.path).willReturn(answer));
		UpstreamException failure = EnosTestSupport.failureOf(endpoint.call(this.client));
		assertThat(failure.reason()).isEqualTo(FailureReason.BAD_RESPONSE);
		assertThat(failure.upstream()).isEqualTo(endpoint.upstream);
	}

	static Stream<Arguments> serverErrors() {
		return Stream.of(Endpoint.values())
			.flatMap((endpoint) -> Stream.of(
					Arguments.of(endpoint, aResponse().withStatus(500).withBody("<html>Internal error</html>")),
					Arguments.of(endpoint, json(503, "{\"error\":\"unavailable\"}")),
					Arguments.of(endpoint, aResponse().withStatus(502))));
	}

	@ParameterizedTest
	@MethodSource("serverErrors")
	void callWhenServerErrorWithoutCodeShouldFailWithUpstreamError(Endpoint endpoint,
			ResponseDefinitionBuilder answer) {
		wireMock.stubFor(post(endpoint.path).willReturn(answer));
		UpstreamException failure = EnosTestSupport.failureOf(endpoint.call(this.client));
		assertThat(failure.reason()).isEqualTo(FailureReason.UPSTREAM_ERROR);
		assertThat(failure.upstream()).isEqualTo(endpoint.upstream);
	}

	@ParameterizedTest
	@EnumSource
	void callWhenRateLimitedShouldFailWithRetryAfterAndNotRetry(Endpoint endpoint) {
		wireMock.stubFor(post(endpoint.path)
			.willReturn(json(429, EnosTestSupport.failure(1203)).withHeader("Retry-After", "7")));
		UpstreamException failure = EnosTestSupport.failureOf(endpoint.call(this.client));
		assertThat(failure.reason()).isEqualTo(FailureReason.RATE_LIMITED);
		// The gate's closed time, read a moment after the answer closed it.
		assertThat(failure.retryAfter())
			.hasValueSatisfying((wait) -> assertThat(wait).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(7)));
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(endpoint.path)));
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

}
