package dev.memberships.redis;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.UpstreamStubs;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two pods checked right after they started as a real pod does, with the warm-up run
 * before readiness (connections, Redis round trips, the request path compiled against
 * loopback stubs) and no request of the test's before: the fleet's guarantees hold from
 * the first requests, although Redis operations on a young JVM may take longer than the
 * timeout once (issue 20). With the tenant's rate set to 2/s, the requests that reach
 * Auth0 are judged by a 2/s bucket with a burst of 2, as Auth0 would, at the stub's
 * arrival times.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisYoungPodsTests {

	private static final WireMockServer auth0 = StubUpstreams.auth0();

	private static final WireMockServer enos = StubUpstreams.enos();

	static {
		// The warm-up fetches both upstream tokens before readiness: the stubs answer
		// them.
		StubUpstreams.reset();
		UpstreamStubs.tokens(auth0, enos);
	}

	@RegisterExtension
	static final RedisPods.Two pods = new RedisPods.Two("test-young", "memberships.redis.auth0-rate.per-second=2",
			"memberships.redis.auth0-rate.burst=2", "memberships.warm-up.enabled=true");

	@Test
	@Order(1)
	void getMembershipsWhenTwoYoungPodsAreAskedForOneColdUserShouldCallEachUpstreamOnce() {
		UpstreamStubs.tokens(auth0, enos);
		String user = "auth0|young-crowd";
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk().withFixedDelay(200)));
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk(user).withFixedDelay(200)));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.groupsOk(user).withFixedDelay(200)));
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			answers.add(pods.a().membershipsAsync(user));
			answers.add(pods.b().membershipsAsync(user));
		}
		answers.forEach((answer) -> assertThat(answer.join().statusCode()).isEqualTo(200));
		assertThat(auth0.findAll(getRequestedFor(urlPathMatching(UpstreamStubs.ORGANIZATIONS_PATH)))).hasSize(1);
		assertThat(enos.findAll(postRequestedFor(urlPathEqualTo(UpstreamStubs.STRUCTURES_PATH)))).hasSize(1);
		assertThat(enos.findAll(postRequestedFor(urlPathEqualTo(UpstreamStubs.GROUPS_PATH)))).hasSize(1);
	}

	@Test
	@Order(2)
	void getMembershipsWhenTwoYoungPodsAreOfferedManyNewUsersShouldStayNearTheTenantRate() {
		UpstreamStubs.tokens(auth0, enos);
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("auth0|any")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.groupsOk("auth0|any")));
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			answers.add(pods.a().membershipsAsync("auth0|young-a-" + i));
			answers.add(pods.b().membershipsAsync("auth0|young-b-" + i));
		}
		answers.forEach((answer) -> assertThat(answer.join().statusCode()).isEqualTo(200));
		List<Long> arrivals = auth0.findAll(getRequestedFor(urlPathMatching(UpstreamStubs.ORGANIZATIONS_PATH)))
			.stream()
			.map((request) -> request.getLoggedDate().getTime())
			.sorted()
			.toList();
		assertThat(arrivals).isNotEmpty();
		assertThat(refusedByABucket(arrivals, 2, 2)).isLessThanOrEqualTo(4);
	}

	/** How many arrivals a token bucket of the given rate and burst would answer 429. */
	private static int refusedByABucket(List<Long> arrivals, double perSecond, int burst) {
		double tokens = burst;
		long at = arrivals.getFirst();
		int refused = 0;
		for (long arrival : arrivals) {
			tokens = Math.min(burst, tokens + (arrival - at) * perSecond / 1000);
			at = arrival;
			if (tokens >= 1) {
				tokens -= 1;
			}
			else {
				refused++;
			}
		}
		return refused;
	}

}
