package dev.memberships.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.auth0.Auth0Client;
import dev.memberships.enos.EnosClient;
import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.SharedLevel;
import dev.memberships.membership.cache.SourceCache;
import dev.memberships.membership.cache.SourceResult;
import dev.memberships.membership.cache.Stamped;
import dev.memberships.upstream.BatchCoalescer;
import dev.memberships.upstream.UpstreamException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The three sources of an answer, each behind its own cache: Auth0 organizations per
 * user, EnOS structures per OU, user and locale, EnOS groups per OU and user.
 */
@Component
class MembershipSources {

	private final SourceCache<String, List<Organization>> organizations;

	private final SourceCache<StructuresKey, List<Structure>> structures;

	private final SourceCache<GroupsKey, List<UserGroup>> userGroups;

	private final OrganizationMembers members;

	private final UnknownUsers unknownUsers;

	private final EnosBatches batches;

	private final BatchCoalescer<StructuresKey, List<String>, List<Structure>> structuresBatches;

	private final BatchCoalescer<GroupsKey, String, List<UserGroup>> groupsBatches;

	MembershipSources(Auth0Client auth0, EnosClient enos, MembershipsProperties properties, MeterRegistry meters,
			Ticker time, Clock deadlines, ObjectProvider<SharedLevel> sharedLevel) {
		// Only with memberships.redis.enabled is there a level the replicas share.
		SharedLevel shared = sharedLevel.getIfAvailable(() -> SharedLevel.LOCAL);
		MembershipsProperties.Caches caches = properties.cache();
		this.members = new OrganizationMembers(this::mayBeCachedIn);
		this.organizations = new SourceCache<>(caches.organizations(), time, deadlines,
				(userId) -> auth0.getUserOrganizations(userId).map(SourceMapping::organizations),
				this.members.indexing(shared.source(new SharedLevel.SourceName<String>("auth0", List::of),
						caches.organizations(), Organization.class)),
				this.members::removed);
		this.unknownUsers = new UnknownUsers(caches.unknownUserTtl(), caches.organizations().maximumSize(), time);
		MembershipsProperties.Batching batching = properties.batching();
		this.batches = new EnosBatches(enos, batching.maxSize(), batching.maxExtraCalls(), meters);
		BatchCoalescer.Policy coalescing = new BatchCoalescer.Policy(batching.window(), batching.maxSize(),
				batching.eagerBelow(), batching.eagerInFlight());
		this.structuresBatches = new BatchCoalescer<>(coalescing, MembershipSources::structuresBatchKey,
				(ouAndLocale, keys) -> this.batches.structures(keys), time, deadlines);
		this.groupsBatches = new BatchCoalescer<>(coalescing, GroupsKey::organizationId,
				(ou, keys) -> this.batches.userGroups(keys), time, deadlines);
		this.structures = new SourceCache<>(caches.structures(), time, deadlines, this.structuresBatches::load,
				shared.source(
						new SharedLevel.SourceName<StructuresKey>("structures",
								(key) -> List.of(key.userId(), key.organizationId(), key.locale())),
						caches.structures(), Structure.class),
				SourceCache.ignoreRemovals());
		this.userGroups = new SourceCache<>(caches.userGroups(), time, deadlines, this.groupsBatches::load,
				shared.source(
						new SharedLevel.SourceName<GroupsKey>("groups",
								(key) -> List.of(key.userId(), key.organizationId())),
						caches.userGroups(), UserGroup.class),
				SourceCache.ignoreRemovals());
		CaffeineCacheMetrics.monitor(meters, this.organizations.caffeine(), "organizations");
		CaffeineCacheMetrics.monitor(meters, this.structures.caffeine(), "structures");
		CaffeineCacheMetrics.monitor(meters, this.userGroups.caffeine(), "userGroups");
	}

	Mono<SourceResult<List<Organization>>> organizations(MembershipQuery query, boolean bypassFresh) {
		String userId = query.userId();
		if (bypassFresh) {
			this.unknownUsers.forget(userId);
		}
		else {
			Optional<UpstreamException> notFound = this.unknownUsers.notFound(userId);
			if (notFound.isPresent()) {
				return Mono.error(notFound.get());
			}
		}
		return this.organizations.get(userId, bypassFresh)
			.doOnError(SourceCache::isNotFound,
					(notFound) -> this.unknownUsers.remember(userId, (UpstreamException) notFound));
	}

	/**
	 * The three sources' entries for a query when every one is cached and fresh: an
	 * answer that needs no load and no wait. Counts the three cache hits only then;
	 * otherwise the gets that follow count.
	 */
	Optional<FreshEntries> freshNow(MembershipQuery query) {
		if (this.unknownUsers.notFound(query.userId()).isPresent()) {
			return Optional.empty();
		}
		Optional<Stamped<List<Organization>>> organizations = this.organizations.freshNow(query.userId());
		if (organizations.isEmpty()) {
			return Optional.empty();
		}
		Optional<Stamped<List<Structure>>> structures = this.structures
			.freshNow(new StructuresKey(query.organizationId(), query.userId(), query.locale()));
		if (structures.isEmpty()) {
			return Optional.empty();
		}
		Optional<Stamped<List<UserGroup>>> userGroups = this.userGroups
			.freshNow(new GroupsKey(query.organizationId(), query.userId()));
		if (userGroups.isEmpty()) {
			return Optional.empty();
		}
		this.organizations.countHit();
		this.structures.countHit();
		this.userGroups.countHit();
		Duration freshFor = Stream.of(this.organizations.fresh(organizations.get()).freshFor(),
				this.structures.fresh(structures.get()).freshFor(), this.userGroups.fresh(userGroups.get()).freshFor())
			.min(Duration::compareTo)
			.orElseThrow();
		return Optional.of(new FreshEntries(organizations.get(), structures.get(), userGroups.get(), freshFor));
	}

	Mono<SourceResult<List<Structure>>> structures(MembershipQuery query, boolean bypassFresh) {
		return this.structures.get(new StructuresKey(query.organizationId(), query.userId(), query.locale()),
				bypassFresh);
	}

	Mono<SourceResult<List<UserGroup>>> userGroups(MembershipQuery query, boolean bypassFresh) {
		return this.userGroups.get(new GroupsKey(query.organizationId(), query.userId()), bypassFresh);
	}

	/** Forgets everything cached about one user, in every OU and locale. */
	void evictUser(String userId) {
		this.unknownUsers.forget(userId);
		this.organizations.evict(userId);
		this.structures.evictIf((key) -> key.userId().equals(userId));
		this.userGroups.evictIf((key) -> key.userId().equals(userId));
	}

	/** Forgets one user's Auth0 organizations, and that Auth0 did not know them. */
	void evictOrganizationsOf(String userId) {
		this.unknownUsers.forget(userId);
		this.organizations.evict(userId);
	}

	/**
	 * Makes one user's Auth0 organizations stale: the next read asks Auth0, and serves
	 * them stale if Auth0 fails. Forgets that Auth0 did not know the user.
	 */
	void markOrganizationsStale(String userId) {
		this.unknownUsers.forget(userId);
		this.organizations.markStale(userId);
	}

	/** The users cached with one organization. */
	List<String> organizationMembers(String organizationId) {
		return List.copyOf(this.members.of(organizationId));
	}

	/**
	 * Starts loading the EnOS sources of many users at once, in as few calls as EnOS
	 * allows; the gets that follow join these loads instead of waiting for a window.
	 */
	void prefetch(List<MembershipQuery> queries, boolean bypassFresh, ContextView context) {
		if (bypassFresh) {
			return;
		}
		List<StructuresKey> structuresKeys = queries.stream()
			.map((query) -> new StructuresKey(query.organizationId(), query.userId(), query.locale()))
			.toList();
		List<GroupsKey> groupsKeys = queries.stream()
			.map((query) -> new GroupsKey(query.organizationId(), query.userId()))
			.toList();
		this.structures.prefetch(structuresKeys,
				(keys) -> this.batches.all(keys, MembershipSources::structuresBatchKey, this.batches::structures),
				context);
		this.userGroups.prefetch(groupsKeys,
				(keys) -> this.batches.all(keys, GroupsKey::organizationId, this.batches::userGroups), context);
	}

	private boolean mayBeCachedIn(String userId, String organizationId) {
		return this.organizations.mayHold(userId,
				(organizations) -> organizations.stream().anyMatch((org) -> org.id().equals(organizationId)));
	}

	private static List<String> structuresBatchKey(StructuresKey key) {
		return List.of(key.organizationId(), key.locale());
	}

	/** Forgets everything cached. */
	void evictAll() {
		this.unknownUsers.forgetAll();
		this.organizations.evictIf((key) -> true);
		this.structures.evictIf((key) -> true);
		this.userGroups.evictIf((key) -> true);
	}

	/** A cache key naming one user. */
	interface UserKey {

		String userId();

	}

	record StructuresKey(String organizationId, String userId, String locale) implements UserKey {
	}

	record GroupsKey(String organizationId, String userId) implements UserKey {
	}

}
