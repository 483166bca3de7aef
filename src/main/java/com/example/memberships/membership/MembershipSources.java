package com.example.memberships.membership;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.example.memberships.auth0.Auth0Client;
import com.example.memberships.enos.EnosAssignments.EnosItem;
import com.example.memberships.enos.EnosClient;
import com.example.memberships.enos.UserGroupsResolver;
import com.example.memberships.membership.Memberships.Organization;
import com.example.memberships.membership.Memberships.Structure;
import com.example.memberships.membership.Memberships.UserGroup;
import com.example.memberships.upstream.BatchCoalescer;
import com.example.memberships.upstream.BatchCoalescer.BatchAnswer;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The three sources of an answer, each behind its own cache: Auth0 organizations per
 * user, EnOS structures per OU, user and locale, EnOS groups per OU and user.
 */
@Component
class MembershipSources implements DisposableBean {

	private final SourceCache<String, List<Organization>> organizations;

	private final SourceCache<StructuresKey, List<Structure>> structures;

	private final SourceCache<GroupsKey, List<UserGroup>> userGroups;

	private final BatchCoalescer<StructuresKey, List<String>, List<Structure>> structuresBatches;

	private final BatchCoalescer<GroupsKey, String, List<UserGroup>> groupsBatches;

	MembershipSources(Auth0Client auth0, EnosClient enos, MembershipsProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<Ticker> ticker) {
		Ticker time = ticker.getIfAvailable(Ticker::systemTicker);
		MembershipsProperties.Caches caches = properties.cache();
		this.organizations = new SourceCache<>(caches.organizations(), time,
				(userId) -> auth0.getUserOrganizations(userId).map(SourceMapping::organizations));
		MembershipsProperties.Batching batching = properties.batching();
		this.structuresBatches = new BatchCoalescer<>(batching.window(), batching.maxSize(),
				(key) -> List.of(key.organizationId(), key.locale()),
				(ouAndLocale, keys) -> enos
					.getUserStructures(keys.get(0).organizationId(), userIds(keys), keys.get(0).locale())
					.map((answer) -> BatchAnswer
						.of(byKey(keys, (key) -> SourceMapping.structures(answer.of(key.userId()))))));
		UserGroupsResolver groupsResolver = new UserGroupsResolver(enos, batching.maxExtraCalls());
		this.groupsBatches = new BatchCoalescer<>(batching.window(), batching.maxSize(), GroupsKey::organizationId, (ou,
				keys) -> groupsResolver.resolve(ou, userIds(keys)).map((resolution) -> groupsAnswer(keys, resolution)));
		this.structures = new SourceCache<>(caches.structures(), time, this.structuresBatches::load);
		this.userGroups = new SourceCache<>(caches.userGroups(), time, this.groupsBatches::load);
		meterRegistry.ifAvailable((registry) -> {
			CaffeineCacheMetrics.monitor(registry, this.organizations.caffeine(), "organizations");
			CaffeineCacheMetrics.monitor(registry, this.structures.caffeine(), "structures");
			CaffeineCacheMetrics.monitor(registry, this.userGroups.caffeine(), "userGroups");
		});
	}

	Mono<SourceResult<List<Organization>>> organizations(MembershipQuery query, boolean bypassFresh, Duration timeout) {
		return this.organizations.get(query.userId(), bypassFresh, timeout);
	}

	Mono<SourceResult<List<Structure>>> structures(MembershipQuery query, boolean bypassFresh, Duration timeout) {
		return this.structures.get(new StructuresKey(query.organizationId(), query.userId(), query.locale()),
				bypassFresh, timeout);
	}

	Mono<SourceResult<List<UserGroup>>> userGroups(MembershipQuery query, boolean bypassFresh, Duration timeout) {
		return this.userGroups.get(new GroupsKey(query.organizationId(), query.userId()), bypassFresh, timeout);
	}

	/** Forgets everything cached about one user, in every OU and locale. */
	void evictUser(String userId) {
		this.organizations.evictIf(userId::equals);
		this.structures.evictIf((key) -> key.userId().equals(userId));
		this.userGroups.evictIf((key) -> key.userId().equals(userId));
	}

	private static List<String> userIds(List<? extends UserKey> keys) {
		return keys.stream().map(UserKey::userId).toList();
	}

	private static <K, V> Map<K, V> byKey(List<K> keys, Function<K, V> value) {
		return keys.stream().collect(Collectors.toMap(Function.identity(), value));
	}

	private static BatchAnswer<GroupsKey, List<UserGroup>> groupsAnswer(List<GroupsKey> keys,
			UserGroupsResolver.Resolution resolution) {
		Map<GroupsKey, List<UserGroup>> values = new HashMap<>();
		Map<GroupsKey, RuntimeException> failures = new HashMap<>();
		for (GroupsKey key : keys) {
			List<EnosItem> groups = resolution.groups().get(key.userId());
			if (groups != null) {
				values.put(key, SourceMapping.userGroups(groups));
			}
			else {
				failures.put(key, resolution.failures().get(key.userId()));
			}
		}
		return new BatchAnswer<>(values, failures);
	}

	@Override
	public void destroy() {
		this.structuresBatches.close();
		this.groupsBatches.close();
	}

	/** Forgets everything cached. */
	void evictAll() {
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
