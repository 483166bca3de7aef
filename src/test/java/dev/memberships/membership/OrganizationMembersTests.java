package dev.memberships.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.cache.CachePolicy;
import dev.memberships.membership.cache.SharedLevel;
import dev.memberships.membership.cache.SourceCache;
import dev.memberships.upstream.Deadline;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The index from organization to cached users follows the organizations cache, wired as
 * {@link MembershipSources} wires it: it learns from loads and forgets what left the
 * cache, so it never outgrows it.
 */
class OrganizationMembersTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	/** What Auth0 answers per user; {@code org_1} for anyone not listed. */
	private final Map<String, List<String>> auth0 = new ConcurrentHashMap<>();

	private final AtomicReference<SourceCache<String, List<Organization>>> cache = new AtomicReference<>();

	private final OrganizationMembers members = new OrganizationMembers((userId, organizationId) -> this.cache.get()
		.mayHold(userId, (organizations) -> organizations.stream().anyMatch((org) -> org.id().equals(organizationId))));

	private static final CachePolicy POLICY = new CachePolicy(Duration.ofMinutes(5), Duration.ofMinutes(4),
			Duration.ofHours(1), 10);

	OrganizationMembersTests() {
		this.cache.set(new SourceCache<>(POLICY, this.nanos::get, Clock.systemUTC(),
				(userId) -> Mono.just(organizations(userId)).doOnNext((loaded) -> this.members.loaded(userId, loaded)),
				SharedLevel.Source.upstreamOnly(), this.members::removed));
	}

	@Test
	void organizationMembersShouldBeTheCachedUsersOfThatOrganization() {
		this.auth0.put("auth0|a", List.of("org_1", "org_2"));
		this.auth0.put("auth0|b", List.of("org_2"));
		this.auth0.put("auth0|c", List.of("org_3"));
		for (String user : List.of("auth0|a", "auth0|b", "auth0|c")) {
			get(user);
		}
		assertThat(this.members.of("org_1")).containsExactly("auth0|a");
		assertThat(this.members.of("org_2")).containsExactlyInAnyOrder("auth0|a", "auth0|b");
		assertThat(this.members.of("org_3")).containsExactly("auth0|c");
		assertThat(this.members.of("org_unknown")).isEmpty();
	}

	@Test
	void indexShouldNeverHoldMoreUsersThanTheCache() {
		IntStream.range(0, 200).forEach((i) -> get("auth0|" + i));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			this.cache.get().caffeine().synchronous().cleanUp();
			Set<String> cached = this.cache.get().caffeine().asMap().keySet().stream().collect(Collectors.toSet());
			assertThat(cached).hasSizeLessThanOrEqualTo(10);
			assertThat(this.members.of("org_1")).isEqualTo(cached);
		});
	}

	@Test
	void indexShouldForgetAUserWhoseEntryWasEvicted() {
		get("auth0|a");
		get("auth0|b");
		this.cache.get().evict("auth0|a");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.members.of("org_1")).containsExactly("auth0|b"));
	}

	@Test
	void indexShouldFollowARefreshThatChangedTheOrganizations() {
		this.auth0.put("auth0|a", List.of("org_1", "org_2"));
		get("auth0|a");
		this.auth0.put("auth0|a", List.of("org_1", "org_3"));
		this.nanos.addAndGet(Duration.ofMinutes(6).toNanos());
		assertThat(get("auth0|a")).extracting(Organization::id).containsExactly("org_1", "org_3");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.members.of("org_2")).isEmpty();
			assertThat(this.members.of("org_1")).containsExactly("auth0|a");
			assertThat(this.members.of("org_3")).containsExactly("auth0|a");
		});
	}

	private List<Organization> get(String userId) {
		return this.cache.get()
			.get(userId, false)
			.contextWrite(Deadline.after(TIMEOUT, Clock.systemUTC()).asContext())
			.block()
			.valueOr(null);
	}

	private List<Organization> organizations(String userId) {
		return this.auth0.getOrDefault(userId, List.of("org_1"))
			.stream()
			.map((id) -> new Organization(id, id, id, Map.of()))
			.toList();
	}

}
