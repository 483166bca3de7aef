package dev.memberships.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.auth0.Auth0Client;
import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.cache.SharedLevel;
import dev.memberships.membership.cache.SourceCache;
import dev.memberships.membership.cache.SourceResult;
import dev.memberships.membership.cache.Stamped;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.Upstreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The Auth0 organizations of each user behind their cache, with the users Auth0 did not
 * know and the index of which cached user belongs to which organization. Answers a copy
 * gave ({@link OrganizationsCopy}) while it is behind are {@code STALE} with its age,
 * even when the cache holds them as fresh.
 */
@Component
class OrganizationsSource {

	private final SourceCache<String, List<Organization>> organizations;

	private final OrganizationMembers members;

	private final UnknownUsers unknownUsers;

	private final OrganizationsCopy copy;

	OrganizationsSource(Auth0Client auth0, MembershipsProperties properties, MeterRegistry meters, Ticker time,
			Clock deadlines, ObjectProvider<SharedLevel> sharedLevel, ObjectProvider<OrganizationsCopy> copy) {
		// Only with memberships.redis.enabled is there a level the replicas share.
		SharedLevel shared = sharedLevel.getIfAvailable(() -> SharedLevel.LOCAL);
		MembershipsProperties.Caches caches = properties.cache();
		this.members = new OrganizationMembers(this::mayBeCachedIn);
		this.organizations = new SourceCache<>(caches.organizations(), time, deadlines,
				(userId) -> auth0.getUserOrganizations(userId).map(SourceMapping::organizations),
				this.members.indexing(shared.source(new SharedLevel.SourceName<String>(Upstreams.AUTH0, List::of),
						caches.organizations(), Organization.class)),
				this.members::removed);
		this.unknownUsers = new UnknownUsers(caches.unknownUserTtl(), caches.organizations().maximumSize(), time);
		CaffeineCacheMetrics.monitor(meters, this.organizations.caffeine(), "organizations");
		// Only with memberships.auth0.index.enabled do answers come from a copy.
		this.copy = copy.getIfAvailable(() -> OrganizationsCopy.NONE);
	}

	Mono<SourceResult<List<Organization>>> get(String userId, boolean bypassFresh) {
		if (bypassFresh) {
			this.unknownUsers.forget(userId);
		}
		else {
			Optional<UpstreamException> notFound = this.unknownUsers.notFound(userId);
			if (notFound.isPresent()) {
				return Mono.error(notFound.get());
			}
		}
		// Asked before the load: a per-user call it makes now is fresh, whatever the
		// copy's
		// age.
		Optional<Duration> behind = this.copy.behindFor(userId);
		return this.organizations.get(userId, bypassFresh)
			.map((result) -> behind.map((age) -> aged(result, age)).orElse(result))
			.doOnError(SourceCache::isNotFound,
					(notFound) -> this.unknownUsers.remember(userId, (UpstreamException) notFound));
	}

	/**
	 * The user's organizations when cached and fresh, without counting a hit; empty too
	 * when Auth0 did not know the user.
	 */
	Optional<Stamped<List<Organization>>> freshNow(String userId) {
		if (this.unknownUsers.notFound(userId).isPresent() || this.copy.behindFor(userId).isPresent()) {
			return Optional.empty();
		}
		return this.organizations.freshNow(userId);
	}

	/**
	 * Counts a hit of an entry {@link #freshNow} found; tells how long it stays fresh.
	 */
	Duration hit(Stamped<List<Organization>> fresh) {
		this.organizations.countHit();
		return this.organizations.fresh(fresh).freshFor();
	}

	/** Forgets one user's organizations, and that Auth0 did not know them. */
	void evict(String userId) {
		this.unknownUsers.forget(userId);
		this.organizations.evict(userId);
	}

	/**
	 * Makes one user's organizations stale: the next read asks Auth0, and serves them
	 * stale if Auth0 fails. Forgets that Auth0 did not know the user.
	 */
	void markStale(String userId) {
		this.unknownUsers.forget(userId);
		this.organizations.markStale(userId);
	}

	/** The users cached with one organization. */
	List<String> members(String organizationId) {
		return List.copyOf(this.members.of(organizationId));
	}

	void evictAll() {
		this.unknownUsers.forgetAll();
		this.organizations.evictIf((key) -> true);
	}

	private static SourceResult<List<Organization>> aged(SourceResult<List<Organization>> result, Duration age) {
		if (result instanceof SourceResult.Loaded<List<Organization>> loaded && !loaded.stale()) {
			return SourceResult.stale(loaded.value(), age.toSeconds());
		}
		return result;
	}

	private boolean mayBeCachedIn(String userId, String organizationId) {
		return this.organizations.mayHold(userId,
				(organizations) -> organizations.stream().anyMatch((org) -> org.id().equals(organizationId)));
	}

}
