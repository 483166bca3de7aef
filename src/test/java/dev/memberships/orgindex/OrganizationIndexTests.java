package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.memberships.auth0.Auth0Organization;
import dev.memberships.auth0.Auth0TestClients;
import dev.memberships.membership.evictions.MembershipEvictions;
import dev.memberships.testsupport.MutableClock;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The index against a stub Auth0 serving its lists with checkpoint pagination: what a
 * sweep builds, what answers cost, and how events and sweeps agree.
 */
class OrganizationIndexTests {

	@RegisterExtension
	static WireMockExtension auth0 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final MutableClock clock = new MutableClock(Instant.now());

	private OrganizationIndex index;

	private IndexedAuth0Client client;

	private IndexSweeper sweeper;

	private IndexEvents events;

	private SweepPriority priority;

	@BeforeEach
	void createIndex() {
		create(1_000_000);
	}

	@Test
	void sweepShouldReadMultiPageOrganizationAndMemberLists() throws InterruptedException {
		List<String> many = users(1, 5);
		TenantStubs.tenant(auth0::stubFor, 2,
				TenantStubs.of("org_1", many, "org_2", List.of("u3", "u9"), "org_3", List.of()));
		assertThat(this.sweeper.sweep()).isTrue();
		assertThat(this.index.organizations()).isEqualTo(3);
		assertThat(this.index.memberships()).isEqualTo(7);
		assertThat(organizationsOf("u3")).containsExactlyInAnyOrder("org_1", "org_2");
		assertThat(organizationsOf("u9")).containsExactly("org_2");
		// 2 organization pages, 3 + 1 + 1 member pages
		assertThat(this.sweeper.calls()).isEqualTo(7);
		auth0.verify(3, getRequestedFor(TenantStubs.members("org_1")).withQueryParam("fields", equalTo("user_id")));
	}

	@Test
	void indexedUsersShouldBeAnsweredWithNoAuth0Calls() throws InterruptedException {
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u1", "u2")));
		this.sweeper.sweep();
		auth0.resetRequests();
		List<Auth0Organization> organizations = this.client.getUserOrganizations("u1").block();
		assertThat(organizations).singleElement()
			.isEqualTo(new Auth0Organization("org_1", "name-org_1", "Display org_1", null));
		assertThat(auth0.getAllServeEvents()).isEmpty();
	}

	@Test
	void getUserOrganizationsBeforeFirstCompleteSweepShouldAskAuth0() {
		auth0.stubFor(get(TenantStubs.userOrganizations("u1")).willReturn(okJson("""
				{"start":0,"limit":100,"total":0,"organizations":[]}""")));
		this.client.getUserOrganizations("u1").block();
		this.client.getUserOrganizations("u1").block();
		auth0.verify(2, getRequestedFor(TenantStubs.userOrganizations("u1")));
	}

	@Test
	void usersNotInIndexShouldCostOneCallAsLongAsIndexHolds() throws InterruptedException {
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u1")));
		this.sweeper.sweep();
		auth0.stubFor(get(TenantStubs.userOrganizations("loner")).willReturn(okJson("""
				{"start":0,"limit":100,"total":0,"organizations":[]}""")));
		auth0.stubFor(get(TenantStubs.userOrganizations("ghost")).willReturn(notFound()));
		for (int i = 0; i < 3; i++) {
			assertThat(this.client.getUserOrganizations("loner").block()).isEmpty();
			UpstreamException unknown = catchThrowableOfType(UpstreamException.class,
					() -> this.client.getUserOrganizations("ghost").block());
			assertThat(unknown.reason()).isEqualTo(FailureReason.NOT_FOUND);
			this.clock.advance(Duration.ofMinutes(10));
		}
		auth0.verify(1, getRequestedFor(TenantStubs.userOrganizations("loner")));
		auth0.verify(1, getRequestedFor(TenantStubs.userOrganizations("ghost")));
	}

	@Test
	void userAddedWithoutEventShouldBeAnsweredByOnePerUserCallThenFromIndex() throws InterruptedException {
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u1")));
		this.sweeper.sweep();
		auth0.stubFor(get(TenantStubs.userOrganizations("late")).willReturn(okJson("""
				{"start":0,"limit":100,"total":1,"organizations":[%s]}"""
			.formatted(TenantStubs.organization("org_1")))));
		assertThat(this.client.getUserOrganizations("late").block()).extracting(Auth0Organization::id)
			.containsExactly("org_1");
		assertThat(this.client.getUserOrganizations("late").block()).extracting(Auth0Organization::id)
			.containsExactly("org_1");
		auth0.verify(1, getRequestedFor(TenantStubs.userOrganizations("late")));
	}

	@Test
	void eventArrivingDuringSweepShouldNotBeUndoneBySweep() throws Exception {
		useSystemClock();
		TenantStubs.tenant(auth0::stubFor, 1, TenantStubs.of("org_1", List.of("u1", "u2")));
		// The second page comes late: the event arrives after the first was read.
		auth0.stubFor(get(TenantStubs.members("org_1")).withQueryParam("from", equalTo("cp-1"))
			.willReturn(okJson("{\"members\":[{\"user_id\":\"u2\"}]}").withFixedDelay(1500)));
		CompletableFuture<Boolean> sweep = CompletableFuture.supplyAsync(this::sweepQuietly);
		await().until(() -> auth0
			.countRequestsMatching(
					getRequestedFor(TenantStubs.members("org_1")).withQueryParam("from", equalTo("cp-1")).build())
			.getCount() == 1);
		this.events.apply("organization.member.deleted", Instant.now(), "u1", "org_1");
		assertThat(sweep.get()).isTrue();
		assertThat(organizationsOf("u1")).isEmpty();
		assertThat(organizationsOf("u2")).containsExactly("org_1");
	}

	@Test
	void lostEventShouldHealAtNextSweep() throws InterruptedException {
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u1", "u2"), "org_2", List.of("u3")));
		this.sweeper.sweep();
		// u1 left org_1 and joined org_2; org_2 was then deleted; no event came.
		this.clock.advance(Duration.ofMinutes(30));
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u2"), "org_3", List.of("u1")));
		this.sweeper.sweep();
		assertThat(organizationsOf("u1")).containsExactly("org_3");
		assertThat(organizationsOf("u2")).containsExactly("org_1");
		assertThat(this.index.organization("org_2")).isEmpty();
		assertThat(this.index.lookup("u3")).isInstanceOf(IndexLookup.Ask.class);
	}

	@Test
	void memberAddedEventShouldReadUnknownOrganizationOnceAndEvictUser() throws InterruptedException {
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u1")));
		this.sweeper.sweep();
		auth0.stubFor(get("/api/v2/organizations/org_new").willReturn(okJson(TenantStubs.organization("org_new"))));
		this.events.apply("organization.member.added", this.clock.instant(), "u1", "org_new");
		await().until(() -> organizationsOf("u1").contains("org_new"));
		assertThat(organizationsOf("u1")).containsExactlyInAnyOrder("org_1", "org_new");
		await().until(() -> this.evicted.contains("u1"));
		this.events.apply("organization.member.added", this.clock.instant(), "u2", "org_new");
		assertThat(organizationsOf("u2")).containsExactly("org_new");
		auth0.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/organizations/org_new")));
	}

	@Test
	void userDeletedEventShouldAnswerNotFoundWithoutCall() throws InterruptedException {
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u1", "u2")));
		this.sweeper.sweep();
		auth0.resetRequests();
		this.events.apply("user.deleted", this.clock.instant(), "u1", null);
		UpstreamException unknown = catchThrowableOfType(UpstreamException.class,
				() -> this.client.getUserOrganizations("u1").block());
		assertThat(unknown.reason()).isEqualTo(FailureReason.NOT_FOUND);
		assertThat(this.index.memberships()).isEqualTo(1);
		assertThat(auth0.getAllServeEvents()).isEmpty();
	}

	@Test
	void olderEventShouldNotUndoLaterOne() throws InterruptedException {
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u1")));
		this.sweeper.sweep();
		Instant now = this.clock.instant();
		this.events.apply("organization.member.deleted", now, "u1", "org_1");
		this.events.apply("organization.member.added", now.minusSeconds(5), "u1", "org_1");
		assertThat(organizationsOf("u1")).isEmpty();
	}

	@Test
	void sweepPastMaxMembershipsShouldStopIndexAndFallBackToPerUserCalls() throws InterruptedException {
		create(3);
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", users(1, 5)));
		auth0.stubFor(get(TenantStubs.userOrganizations("u1")).willReturn(okJson("""
				{"start":0,"limit":100,"total":0,"organizations":[]}""")));
		assertThat(this.sweeper.sweep()).isFalse();
		assertThat(this.index.stopped()).isTrue();
		assertThat(this.index.memberships()).isZero();
		this.client.getUserOrganizations("u1").block();
		this.client.getUserOrganizations("u1").block();
		auth0.verify(2, getRequestedFor(TenantStubs.userOrganizations("u1")));
	}

	@Test
	void indexOlderThanTwoSweepIntervalsShouldStillAnswerButBeBehindByLastSweepAge() throws InterruptedException {
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u1")));
		this.sweeper.sweep();
		assertThat(this.index.trusted()).isTrue();
		assertThat(this.index.behindFor("u1")).isEmpty();
		this.clock.advance(Duration.ofMinutes(61));
		auth0.resetRequests();
		assertThat(this.index.trusted()).isFalse();
		assertThat(organizationsOf("u1")).containsExactly("org_1");
		assertThat(this.index.behindFor("u1")).contains(Duration.ofMinutes(61));
		assertThat(this.index.behindFor("u2")).isEmpty();
		auth0.verify(0, getRequestedFor(TenantStubs.userOrganizations("u1")));
	}

	@Test
	void sweepRefusedByRateLimitShouldWaitAheadOfNewPerUserCallsAndComplete() throws Exception {
		useSystemClock();
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", List.of("u1")));
		// More refusals than a sweep tolerates failures: a refusal is no failure.
		int refusals = IndexSweeper.ATTEMPTS + 1;
		for (int i = 0; i < refusals; i++) {
			auth0.stubFor(get(TenantStubs.members("org_1")).atPriority(1)
				.inScenario("refused")
				.whenScenarioStateIs((i == 0) ? Scenario.STARTED : "refused " + i)
				.willSetStateTo("refused " + (i + 1))
				.willReturn(aResponse().withStatus(429).withHeader("Retry-After", (i < refusals - 1) ? "0" : "1")));
		}
		CompletableFuture<Boolean> sweep = CompletableFuture.supplyAsync(this::sweepQuietly);
		await().atMost(Duration.ofSeconds(10)).until(this.priority::sweepWaiting);
		UpstreamException held = catchThrowableOfType(UpstreamException.class,
				() -> this.client.getUserOrganizations("u9").block());
		assertThat(held.reason()).isEqualTo(FailureReason.RATE_LIMITED);
		assertThat(sweep.get(30, TimeUnit.SECONDS)).isTrue();
		assertThat(organizationsOf("u1")).containsExactly("org_1");
		assertThat(this.priority.sweepWaiting()).isFalse();
		auth0.verify(refusals + 1, getRequestedFor(TenantStubs.members("org_1")));
		auth0.verify(0, getRequestedFor(TenantStubs.userOrganizations("u9")));
	}

	private final java.util.Set<String> evicted = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private void create(long maxMemberships) {
		create(maxMemberships, this.clock);
	}

	private void create(long maxMemberships, Clock clock) {
		auth0.resetAll();
		auth0.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(Auth0TestClients.tokenPath())
			.willReturn(Auth0TestClients.tokenAnswer()));
		OrganizationIndexProperties properties = new OrganizationIndexProperties(true, 1000, Duration.ofMinutes(30), 50,
				maxMemberships);
		Auth0TestClients auth0Clients = new Auth0TestClients(auth0.baseUrl(), clock);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		this.index = new OrganizationIndex(properties, clock);
		IndexMetrics metrics = new IndexMetrics(meters, this.index, clock);
		this.priority = new SweepPriority();
		this.client = new IndexedAuth0Client(auth0Clients.client(), this.index, this.priority);
		this.sweeper = new IndexSweeper(auth0Clients.directory(), this.index,
				new Pacer(properties.rate(), this.priority, clock), 2, metrics, SharedIndex.LOCAL, clock);
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("evictions", new RecordingEvictions(this.evicted));
		this.events = new IndexEvents(this.index, auth0Clients.directory(),
				beans.getBeanProvider(MembershipEvictions.class), metrics, SharedIndex.LOCAL, clock);
	}

	private void useSystemClock() {
		create(1_000_000, Clock.systemUTC());
	}

	private boolean sweepQuietly() {
		try {
			return this.sweeper.sweep();
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<String> organizationsOf(String userId) {
		return (this.index.lookup(userId) instanceof IndexLookup.Listed listed)
				? listed.organizations().stream().map(Auth0Organization::id).toList() : List.of();
	}

	private static List<String> users(int from, int to) {
		return IntStream.rangeClosed(from, to).mapToObj((i) -> "u" + i).toList();
	}

}
