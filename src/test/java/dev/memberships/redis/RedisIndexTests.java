package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.orgindex.TenantStubs;
import dev.memberships.testsupport.Auth0EventStubs;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.UpstreamStubs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The organization index shared by pods on one Redis: one sweeps under the lease, the
 * others serve the same index with no Auth0 list or per-user call of their own, events
 * reach every pod's index, and when the sweeper stops another takes the lease. Every pod
 * has an Auth0 stub of its own, so that each one's calls are counted apart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisIndexTests {

	private static final Map<String, List<String>> TENANT = TenantStubs.of("org_1",
			List.of("auth0|1", "auth0|2", "auth0|3", "auth0|4", "auth0|5"), "org_2", List.of("auth0|1"));

	private static final String KEY_PREFIX = "test-index-" + UUID.randomUUID();

	private static final WireMockServer auth0A = new WireMockServer(wireMockConfig().dynamicPort());

	private static final WireMockServer auth0B = new WireMockServer(wireMockConfig().dynamicPort());

	private static final WireMockServer auth0C = new WireMockServer(wireMockConfig().dynamicPort());

	private static RedisPods pods;

	private static RedisPods.Pod a;

	private static RedisPods.Pod b;

	@BeforeAll
	static void startSweeperThenFollower() {
		IndexPods.stubUpstreams(50, TENANT, List.of(auth0A, auth0B, auth0C));
		pods = new RedisPods(RedisPods.REDIS_URL, KEY_PREFIX);
		a = pods.start(IndexPods.properties(auth0A));
		await().atMost(Duration.ofSeconds(30)).until(() -> IndexPods.gauge(a, "ready") == 1);
		b = pods.start(IndexPods.properties(auth0B));
	}

	@AfterAll
	static void stopPods() {
		pods.close();
		RedisPods.deleteKeys(RedisPods.REDIS_URL, KEY_PREFIX);
		List.of(auth0A, auth0B, auth0C).forEach(WireMockServer::stop);
	}

	@Test
	@Order(1)
	void followerShouldServeTheSweepersIndexWithNoAuth0CallOfItsOwn() {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> IndexPods.gauge(b, "ready") == 1 && IndexPods.gauge(b, "memberships") == 6
					&& IndexPods.gauge(b, "organizations") == 2);
		assertThat(RedisPods.organizationIds(b.memberships("auth0|1"))).containsExactlyInAnyOrder("org_1", "org_2");
		assertThat(RedisPods.organizationIds(b.memberships("auth0|5"))).containsExactly("org_1");
		assertThat(auth0B.findAll(getRequestedFor(urlPathMatching("/api/v2/.*")))).isEmpty();
		assertThat(auth0A.findAll(getRequestedFor(TenantStubs.ORGANIZATIONS))).isNotEmpty();
	}

	@Test
	@Order(2)
	void eventPostedToOnePodShouldShowInTheOthersAnswer() {
		assertThat(RedisPods.organizationIds(a.memberships("auth0|3"))).containsExactly("org_1");
		assertThat(RedisPods.organizationIds(b.memberships("auth0|3"))).containsExactly("org_1");
		// Auth0's lists do not say it yet: only the event can bring it to pod A.
		String added = Auth0EventStubs
			.memberEvent("evt_index_shared_added", "organization.member.added", "auth0|3", "org_2")
			.replace("2026-03-01T09:59:58Z", Instant.now().toString());
		assertThat(RedisEventsTests.postEvent(b, added).statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(RedisPods.organizationIds(a.memberships("auth0|3")))
				.containsExactlyInAnyOrder("org_1", "org_2"));
		assertThat(RedisPods.organizationIds(b.memberships("auth0|3"))).containsExactlyInAnyOrder("org_1", "org_2");
		for (WireMockServer auth0 : List.of(auth0A, auth0B)) {
			assertThat(auth0.findAll(getRequestedFor(urlPathMatching("/api/v2/users/.+/organizations")))).isEmpty();
		}
	}

	@Test
	@Order(3)
	void memberAddedToAnUnknownOrganizationShouldBeReadOnceOnTheReceivingPod() {
		auth0B.stubFor(get("/api/v2/organizations/org_9").willReturn(okJson(TenantStubs.organization("org_9"))));
		double appliedOnA = applied(a);
		String added = Auth0EventStubs
			.memberEvent("evt_index_shared_unknown", "organization.member.added", "auth0|4", "org_9")
			.replace("2026-03-01T09:59:58Z", Instant.now().toString());
		assertThat(RedisEventsTests.postEvent(b, added).statusCode()).isEqualTo(202);
		// Applied on pod A with the organization pod B read: a change without it is not.
		await().atMost(Duration.ofSeconds(30)).until(() -> applied(a) > appliedOnA);
		auth0B.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/organizations/org_9")));
		auth0A.verify(0, getRequestedFor(urlPathEqualTo("/api/v2/organizations/org_9")));
	}

	@Test
	@Order(4)
	void podStartedAfterASweepAndAnEventShouldBeTrustedFromTheFleetsIndexWithTheEventWhenReady() {
		UpstreamStubs.tokens(auth0C, StubUpstreams.enos());
		// With the warm-up, as a real pod: ready only once it has loaded the fleet's
		// index.
		RedisPods.Pod c = pods.start(IndexPods.properties(auth0C, "memberships.warm-up.enabled=true"));
		try {
			assertThat(IndexPods.gauge(c, "ready")).isOne();
			assertThat(IndexPods.gauge(c, "memberships")).isGreaterThanOrEqualTo(6);
			assertThat(RedisPods.organizationIds(c.memberships("auth0|1"))).containsExactlyInAnyOrder("org_1", "org_2");
			// The event pod B received before pod C started, which Auth0's lists do not
			// show.
			assertThat(RedisPods.organizationIds(c.memberships("auth0|3"))).containsExactlyInAnyOrder("org_1", "org_2");
			assertThat(auth0C.findAll(getRequestedFor(urlPathMatching("/api/v2/.*")))).isEmpty();
		}
		finally {
			// Else it could take the lease when the sweeper stops.
			c.context().close();
		}
	}

	@Test
	@Order(5)
	void sweeperStoppedShouldHandTheLeaseToTheOtherPod() {
		assertThat(auth0B.findAll(getRequestedFor(TenantStubs.ORGANIZATIONS))).isEmpty();
		a.context().close();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !auth0B.findAll(getRequestedFor(TenantStubs.ORGANIZATIONS)).isEmpty());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> auth0B.findAll(getRequestedFor(TenantStubs.members("org_2"))).size() >= 1);
		assertThat(RedisPods.organizationIds(b.memberships("auth0|5"))).containsExactly("org_1");
	}

	private static double applied(RedisPods.Pod pod) {
		Counter counter = pod.context()
			.getBean(MeterRegistry.class)
			.find("memberships.auth0.index.events")
			.tag("type", "organization.member.added")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
