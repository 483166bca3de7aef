package dev.memberships.enos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.memberships.upstream.TestUpstreams;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.UpstreamResilienceRegistry;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the EnOS client tests share: a client against WireMock, token stubs, and an
 * independent check of request signatures.
 */
final class EnosTestSupport {

	static final String APP_KEY = "app-key-1";

	static final String APP_SECRET = "app-secret-1";

	static final String ORG = "o15";

	static final String TOKEN_PATH = "/apim-token-service/v2.0/token/get";

	static final int MAX_BODY_SIZE = 16 * 1024;

	static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

	private static final Duration BLOCK = Duration.ofSeconds(10);

	private EnosTestSupport() {
	}

	/**
	 * A client as production builds it, but with a mapper that fails on unknown fields,
	 * so that the client cannot lean on the mapper's leniency.
	 */
	static EnosClient client(WireMockExtension wireMock, Clock clock) {
		return new WebClientEnosClient(WebClient.builder(), properties(wireMock), jsonMapper(), clock,
				resilience(clock));
	}

	/**
	 * Every upstream's protection at its defaults, judged by the given clock. The default
	 * deadline is 5 s rather than 2 s, so that a cold JVM's first call is not cut short;
	 * still shorter than the 7 s Retry-After of the rate-limit tests.
	 */
	static UpstreamResilienceRegistry resilience(Clock clock) {
		return TestUpstreams.registry(clock, Duration.ofSeconds(5));
	}

	static EnosProperties properties(WireMockExtension wireMock) {
		return new EnosProperties(wireMock.baseUrl(), APP_KEY, APP_SECRET, ORG, Duration.ofSeconds(1), MAX_BODY_SIZE);
	}

	static JsonMapper jsonMapper() {
		return JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	static ResponseDefinitionBuilder tokenAnswer(String token, long expireSeconds) {
		return WireMock.okJson("{\"status\":0,\"msg\":\"Success\",\"business\":\"0\",\"data\":{\"accessToken\":\""
				+ token + "\",\"expire\":" + expireSeconds + "}}");
	}

	/** The token service hands out the given tokens, one per request, then nothing. */
	static void stubTokens(WireMockExtension wireMock, String... tokens) {
		for (int i = 0; i < tokens.length; i++) {
			wireMock.stubFor(WireMock.post(TOKEN_PATH)
				.inScenario("tokens")
				.whenScenarioStateIs((i == 0) ? Scenario.STARTED : "fetched-" + i)
				.willSetStateTo("fetched-" + (i + 1))
				.willReturn(tokenAnswer(tokens[i], 7200)));
		}
	}

	static String success(String data) {
		return "{\"code\":0,\"message\":\"OK\",\"data\":" + data + "}";
	}

	/** An EnOS failure envelope whose message must never reach our exceptions. */
	static String failure(int code) {
		return "{\"code\":" + code + ",\"message\":\"" + LEAKY_MESSAGE + "\",\"data\":null}";
	}

	static final String LEAKY_MESSAGE = "upstream internal detail";

	static UpstreamException failureOf(Mono<?> call) {
		UpstreamException failure = catchThrowableOfType(UpstreamException.class, () -> call.block(BLOCK));
		assertThat(failure).as("expected an UpstreamException").isNotNull();
		assertThat(failure.getMessage()).doesNotContain(APP_SECRET, LEAKY_MESSAGE);
		return failure;
	}

	static <T> T resultOf(Mono<T> call) {
		return call.block(BLOCK);
	}

	/**
	 * Checks the signature of a request as WireMock received it, computed here without
	 * EnosSignature: SHA-256 over token, raw body bytes, timestamp and secret.
	 */
	static void assertSigned(LoggedRequest request) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		digest.update(request.getHeader("apim-accesstoken").getBytes(StandardCharsets.UTF_8));
		digest.update(request.getBody());
		digest.update(request.getHeader("apim-timestamp").getBytes(StandardCharsets.UTF_8));
		digest.update(APP_SECRET.getBytes(StandardCharsets.UTF_8));
		assertThat(request.getHeader("apim-signature")).isEqualTo(HexFormat.of().formatHex(digest.digest()));
	}

	static String sha256Hex(String text) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	/** The two endpoints, so that what both must do is tested on both. */
	enum Endpoint {

		STRUCTURES("enos-structures", "/app-portal-service/v2.2/userStructures/structureList",
				"{\"usersUserStructures\":[{\"userId\":\"u1\",\"structureIds\":[\"s1\"]}],"
						+ "\"userStructures\":[{\"id\":\"s1\",\"name\":\"Plant A\"}]}",
				(client, userIds) -> client.getUserStructures(ORG, userIds, null)),

		GROUPS("enos-groups", "/app-portal-service/v2.2/userGroup/getUsersUserGroupList",
				"{\"usersUserGroups\":[{\"userId\":\"u1\",\"userGroupIds\":[\"s1\"]}],"
						+ "\"userGroups\":[{\"id\":\"s1\",\"name\":\"Plant A\"}]}",
				(client, userIds) -> client.getUserGroups(ORG, userIds));

		final String upstream;

		final String path;

		/** A data part giving u1 the item s1 named "Plant A". */
		final String data;

		private final BiFunction<EnosClient, List<String>, Mono<EnosAssignments>> call;

		Endpoint(String upstream, String path, String data,
				BiFunction<EnosClient, List<String>, Mono<EnosAssignments>> call) {
			this.upstream = upstream;
			this.path = path;
			this.data = data;
			this.call = call;
		}

		Mono<EnosAssignments> call(EnosClient client, List<String> userIds) {
			return this.call.apply(client, userIds);
		}

		Mono<EnosAssignments> call(EnosClient client) {
			return call(client, List.of("u1"));
		}

	}

}
