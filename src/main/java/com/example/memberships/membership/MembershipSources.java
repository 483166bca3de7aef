package com.example.memberships.membership;

import java.time.Duration;
import java.util.List;

import com.example.memberships.auth0.Auth0Client;
import com.example.memberships.enos.EnosClient;
import com.example.memberships.membership.Memberships.Organization;
import com.example.memberships.membership.Memberships.Structure;
import com.example.memberships.membership.Memberships.UserGroup;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import reactor.core.publisher.Mono;

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

	MembershipSources(Auth0Client auth0, EnosClient enos, MembershipsProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<Ticker> ticker) {
		Ticker time = ticker.getIfAvailable(Ticker::systemTicker);
		MembershipsProperties.Caches caches = properties.cache();
		this.organizations = new SourceCache<>(caches.organizations(), time,
				(userId) -> auth0.getUserOrganizations(userId).map(SourceMapping::organizations));
		this.structures = new SourceCache<>(caches.structures(), time,
				(key) -> enos.getUserStructures(key.organizationId(), List.of(key.userId()), key.locale())
					.map((answer) -> SourceMapping.structures(answer.of(key.userId()))));
		this.userGroups = new SourceCache<>(caches.userGroups(), time,
				(key) -> enos.getUserGroups(key.organizationId(), List.of(key.userId()))
					.map((answer) -> SourceMapping.userGroups(answer.of(key.userId()))));
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

	/** Forgets everything cached. */
	void evictAll() {
		this.organizations.evictIf((key) -> true);
		this.structures.evictIf((key) -> true);
		this.userGroups.evictIf((key) -> true);
	}

	record StructuresKey(String organizationId, String userId, String locale) {
	}

	record GroupsKey(String organizationId, String userId) {
	}

}
