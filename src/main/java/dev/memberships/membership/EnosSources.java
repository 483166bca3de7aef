package dev.memberships.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.enos.EnosClient;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.SharedLevel;
import dev.memberships.membership.cache.SourceCache;
import dev.memberships.membership.cache.SourceResult;
import dev.memberships.membership.cache.Stamped;
import dev.memberships.upstream.BatchCoalescer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The two EnOS sources behind their caches: structures per OU, user and locale, groups
 * per OU and user; their misses travel together in coalesced batch calls, and a batch
 * request prefetches them.
 */
@Component
class EnosSources {

	private final SourceCache<StructuresKey, List<Structure>> structures;

	private final SourceCache<GroupsKey, List<UserGroup>> userGroups;

	private final EnosBatches batches;

	EnosSources(EnosClient enos, MembershipsProperties properties, MeterRegistry meters, Ticker time, Clock deadlines,
			ObjectProvider<SharedLevel> sharedLevel) {
		// Only with memberships.redis.enabled is there a level the replicas share.
		SharedLevel shared = sharedLevel.getIfAvailable(() -> SharedLevel.LOCAL);
		MembershipsProperties.Caches caches = properties.cache();
		MembershipsProperties.Batching batching = properties.batching();
		this.batches = new EnosBatches(enos, batching.maxSize(), batching.maxExtraCalls(), meters);
		BatchCoalescer.Policy coalescing = new BatchCoalescer.Policy(batching.window(), batching.maxSize(),
				batching.eagerBelow(), batching.eagerInFlight());
		BatchCoalescer<StructuresKey, List<String>, List<Structure>> structuresBatches = new BatchCoalescer<>(
				coalescing, EnosSources::structuresBatchKey, (ouAndLocale, keys) -> this.batches.structures(keys), time,
				deadlines);
		BatchCoalescer<GroupsKey, String, List<UserGroup>> groupsBatches = new BatchCoalescer<>(coalescing,
				GroupsKey::organizationId, (ou, keys) -> this.batches.userGroups(keys), time, deadlines);
		this.structures = new SourceCache<>(caches.structures(), time, deadlines, structuresBatches::load,
				shared.source(
						new SharedLevel.SourceName<StructuresKey>("structures",
								(key) -> List.of(key.userId(), key.organizationId(), key.locale())),
						caches.structures(), Structure.class),
				SourceCache.ignoreRemovals());
		this.userGroups = new SourceCache<>(caches.userGroups(), time, deadlines, groupsBatches::load,
				shared.source(
						new SharedLevel.SourceName<GroupsKey>("groups",
								(key) -> List.of(key.userId(), key.organizationId())),
						caches.userGroups(), UserGroup.class),
				SourceCache.ignoreRemovals());
		CaffeineCacheMetrics.monitor(meters, this.structures.caffeine(), "structures");
		CaffeineCacheMetrics.monitor(meters, this.userGroups.caffeine(), "userGroups");
	}

	Mono<SourceResult<List<Structure>>> structures(MembershipQuery query, boolean bypassFresh) {
		return this.structures.get(structuresKey(query), bypassFresh);
	}

	Mono<SourceResult<List<UserGroup>>> userGroups(MembershipQuery query, boolean bypassFresh) {
		return this.userGroups.get(groupsKey(query), bypassFresh);
	}

	/**
	 * Both sources' entries for a query when both are cached and fresh, with the hits
	 * counted and how long the younger stays fresh; else empty, nothing counted.
	 */
	Optional<Fresh> freshNow(MembershipQuery query) {
		Optional<Stamped<List<Structure>>> structures = this.structures.freshNow(structuresKey(query));
		if (structures.isEmpty()) {
			return Optional.empty();
		}
		Optional<Stamped<List<UserGroup>>> userGroups = this.userGroups.freshNow(groupsKey(query));
		if (userGroups.isEmpty()) {
			return Optional.empty();
		}
		this.structures.countHit();
		this.userGroups.countHit();
		Duration structuresFor = this.structures.fresh(structures.get()).freshFor();
		Duration groupsFor = this.userGroups.fresh(userGroups.get()).freshFor();
		return Optional.of(new Fresh(structures.get(), userGroups.get(),
				(structuresFor.compareTo(groupsFor) < 0) ? structuresFor : groupsFor));
	}

	/**
	 * Starts loading both sources of many users at once, in as few calls as EnOS allows;
	 * the gets that follow join these loads instead of waiting for a window.
	 */
	void prefetch(List<MembershipQuery> queries, ContextView context) {
		this.structures.prefetch(queries.stream().map(EnosSources::structuresKey).toList(),
				(keys) -> this.batches.all(keys, EnosSources::structuresBatchKey, this.batches::structures), context);
		this.userGroups.prefetch(queries.stream().map(EnosSources::groupsKey).toList(),
				(keys) -> this.batches.all(keys, GroupsKey::organizationId, this.batches::userGroups), context);
	}

	/** Forgets everything cached about one user, in every OU and locale. */
	void evictUser(String userId) {
		this.structures.evictIf((key) -> key.userId().equals(userId));
		this.userGroups.evictIf((key) -> key.userId().equals(userId));
	}

	void evictAll() {
		this.structures.evictIf((key) -> true);
		this.userGroups.evictIf((key) -> true);
	}

	private static StructuresKey structuresKey(MembershipQuery query) {
		return new StructuresKey(query.organizationId(), query.userId(), query.locale());
	}

	private static GroupsKey groupsKey(MembershipQuery query) {
		return new GroupsKey(query.organizationId(), query.userId());
	}

	private static List<String> structuresBatchKey(StructuresKey key) {
		return List.of(key.organizationId(), key.locale());
	}

	/**
	 * Both sources' fresh entries.
	 *
	 * @param structures the structures
	 * @param userGroups the groups
	 * @param freshFor how long both stay fresh
	 */
	record Fresh(Stamped<List<Structure>> structures, Stamped<List<UserGroup>> userGroups, Duration freshFor) {
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
