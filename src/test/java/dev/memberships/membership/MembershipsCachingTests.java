package dev.memberships.membership;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.MutableTicker;
import dev.memberships.testsupport.ServiceTest;
import dev.memberships.testsupport.UpstreamStubs;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

@ServiceTest
class MembershipsCachingTests extends MembershipsApiTestSupport {

	private static final String PATH = "/users/auth0%7C42/memberships";

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private MutableTicker ticker;

	@BeforeEach
	void stubUpstreams() {
		UpstreamStubs.allOk(auth0, enos, "auth0|42");
	}

	@Test
	void getMembershipsWhenManyIdenticalRequestsAtOnceShouldCallEachUpstreamOnce() throws Exception {
		// Tokens, keys and JIT first: this test is about single-flight, not a cold start.
		send(request(PATH));
		this.sources.evictAll();
		auth0.resetRequests();
		enos.resetRequests();
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk().withFixedDelay(300)));
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			responses.add(this.http.sendAsync(request(PATH).build(), HttpResponse.BodyHandlers.ofString()));
		}
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			assertThat(this.json.readTree(response.get().body()).at("/complete").asBoolean()).isTrue();
		}
		assertThat(upstreamCalls()).containsExactly(1, 1, 1);
	}

	@Test
	void getMembershipsWhenCachedShouldNotCallUpstreamsAndTellHowLongToCache() throws Exception {
		HttpResponse<String> first = send(request(PATH));
		advance(Duration.ofMinutes(1));
		HttpResponse<String> second = send(request(PATH));
		assertThat(upstreamCalls()).containsExactly(1, 1, 1);
		assertThat(first.headers().firstValue("Cache-Control")).hasValue("max-age=300, private");
		assertThat(second.headers().firstValue("Cache-Control")).hasValue("max-age=240, private");
	}

	@Test
	void getMembershipsWhenCachedShouldAnswerTheSameJsonAndEtagAsWhenLoaded() throws Exception {
		HttpResponse<String> loaded = send(request(PATH));
		HttpResponse<String> cached = send(request(PATH));
		HttpResponse<String> again = send(request(PATH));
		assertThat(upstreamCalls()).containsExactly(1, 1, 1);
		assertThat(cached.body()).isEqualTo(loaded.body());
		assertThat(again.body()).isEqualTo(loaded.body());
		assertThat(cached.headers().firstValue("ETag")).isEqualTo(loaded.headers().firstValue("ETag"));
		assertThat(cached.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void getMembershipsWhenAnEntryWasLoadedAgainShouldAnswerTheNewJson() throws Exception {
		HttpResponse<String> first = send(request(PATH));
		send(request(PATH));
		auth0.stubFor(UpstreamStubs.organizations()
			.willReturn(okJson("{\"start\":0,\"limit\":100,\"total\":1,\"organizations\":"
					+ "[{\"id\":\"org_9\",\"name\":\"renamed\"}]}")));
		send(request(PATH).header("Cache-Control", "no-cache"));
		HttpResponse<String> cached = send(request(PATH));
		assertThat(this.json.readTree(cached.body()).at("/organizations/0/name").asString()).isEqualTo("renamed");
		assertThat(cached.headers().firstValue("ETag")).isNotEqualTo(first.headers().firstValue("ETag"));
	}

	@Test
	void getMembershipsWhenUpstreamFailsAfterTtlShouldServeStaleWithAge() throws Exception {
		send(request(PATH));
		advance(Duration.ofMinutes(6));
		enos.stubFor(UpstreamStubs.groups().willReturn(serverError()));
		HttpResponse<String> response = send(request(PATH));
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/sources/userGroups/status").asString()).isEqualTo("STALE");
		assertThat(body.at("/sources/userGroups/ageSeconds").asLong()).isEqualTo(360);
		assertThat(body.at("/userGroups/0/name").asString()).isEqualTo("Operators");
		assertThat(body.at("/sources/organizations/status").asString()).isEqualTo("OK");
		assertThat(body.at("/complete").asBoolean()).isTrue();
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=0, private");
	}

	@Test
	void getMembershipsWhenStaleBeyondMaxStaleShouldMarkSourceUnavailable() throws Exception {
		send(request(PATH));
		advance(Duration.ofMinutes(61));
		enos.stubFor(UpstreamStubs.groups().willReturn(serverError()));
		JsonNode body = this.json.readTree(send(request(PATH)).body());
		assertThat(body.at("/sources/userGroups/status").asString()).isEqualTo("UNAVAILABLE");
		assertThat(body.at("/userGroups").size()).isZero();
	}

	@Test
	void getMembershipsWithNoCacheShouldAskEveryUpstreamAgain() throws Exception {
		send(request(PATH));
		send(request(PATH).header("Cache-Control", "no-cache"));
		assertThat(upstreamCalls()).containsExactly(2, 2, 2);
	}

	@Test
	void getMembershipsWithCurrentEtagShouldAnswerNotModified() throws Exception {
		HttpResponse<String> first = send(request(PATH));
		String etag = first.headers().firstValue("ETag").orElseThrow();
		// Weak: the same answer gzip-compressed or not (docs/api.md).
		assertThat(etag).startsWith("W/\"");
		HttpResponse<String> second = send(request(PATH).header("If-None-Match", etag));
		assertThat(second.statusCode()).isEqualTo(304);
		assertThat(second.body()).isEmpty();
		HttpResponse<String> other = send(request(PATH).header("If-None-Match", "\"something-else\""));
		assertThat(other.statusCode()).isEqualTo(200);
	}

	@Test
	void cacheMetricsShouldBeRecordedPerSource() throws Exception {
		send(request(PATH));
		send(request(PATH));
		for (String cache : List.of("organizations", "structures", "userGroups")) {
			assertThat(this.meterRegistry.get("cache.gets")
				.tag("cache", cache)
				.tag("result", "hit")
				.functionCounter()
				.count()).isGreaterThanOrEqualTo(1);
			assertThat(this.meterRegistry.get("cache.gets")
				.tag("cache", cache)
				.tag("result", "miss")
				.functionCounter()
				.count()).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void evictingUserThroughActuatorShouldMakeNextRequestAskUpstreams() throws Exception {
		send(request(PATH));
		HttpResponse<String> evicted = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.managementPort + "/actuator/usercache/auth0%7C42"))
			.header("Authorization", TestTokens.bearer(TestTokens.admin()))
			.DELETE()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(evicted.statusCode()).isEqualTo(204);
		send(request(PATH));
		assertThat(upstreamCalls()).containsExactly(2, 2, 2);
	}

	@Test
	void getMembershipsWithShortRequestTimeoutShouldAnswerWithinIt() throws Exception {
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.groupsOk("auth0|42").withFixedDelay(5000)));
		long started = System.nanoTime();
		HttpResponse<String> response = send(request(PATH).header("Request-Timeout", "300ms"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
		assertThat(this.json.readTree(response.body()).at("/sources/userGroups/reason").asString())
			.isEqualTo("timeout");
	}

	private List<Integer> upstreamCalls() {
		return List.of(auth0.findAll(anyRequestedFor(urlPathMatching(UpstreamStubs.ORGANIZATIONS_PATH))).size(),
				enos.findAll(anyRequestedFor(urlPathEqualTo(UpstreamStubs.STRUCTURES_PATH))).size(),
				enos.findAll(anyRequestedFor(urlPathEqualTo(UpstreamStubs.GROUPS_PATH))).size());
	}

	private void advance(Duration duration) {
		this.ticker.advance(duration);
	}

}
