package dev.memberships.membership;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;
import java.util.function.Function;

import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.cache.SharedLevel;
import reactor.core.publisher.Mono;

/**
 * Which cached users belong to which Auth0 organization, so that a change to one
 * organization evicts exactly its cached members without walking the whole cache.
 * <p>
 * It follows the organizations cache: a user is added under each organization of every
 * answer that enters it (from Auth0, from the shared level, by a refresh: see
 * {@link #indexing}), and dropped from an organization once their entry has left the
 * cache (the cache's removal listener) unless the entry now in its place (a refresh, a
 * new load) still names that organization. So it holds at most one user id per
 * organization of a cached answer, bounded by the cache's {@code maximum-size}. Every
 * change to one organization's set happens inside one {@link ConcurrentMap#compute}, so
 * an add and a prune never lose each other.
 */
final class OrganizationMembers {

	private final ConcurrentMap<String, Set<String>> members = new ConcurrentHashMap<>();

	private final BiPredicate<String, String> stillCached;

	/**
	 * An index that asks the cache before it forgets.
	 * @param stillCached whether the cache may still hold the user (first) in the
	 * organization (second), a load under way counting as yes
	 */
	OrganizationMembers(BiPredicate<String, String> stillCached) {
		this.stillCached = stillCached;
	}

	/** A user's organizations were loaded and are about to be cached. */
	void loaded(String userId, List<Organization> organizations) {
		for (Organization organization : organizations) {
			this.members.compute(organization.id(), (id, users) -> {
				Set<String> present = (users != null) ? users : ConcurrentHashMap.newKeySet();
				present.add(userId);
				return present;
			});
		}
	}

	/**
	 * The organizations' shared level, telling this index of every answer it hands the
	 * cache, whether Auth0 or another instance loaded it: an organization event must find
	 * a user this instance got from Redis as surely as one it asked Auth0 for.
	 */
	SharedLevel.Source<String, List<Organization>> indexing(SharedLevel.Source<String, List<Organization>> source) {
		return new SharedLevel.Source<>() {

			@Override
			public Mono<SharedLevel.Loaded<List<Organization>>> load(String userId, Optional<Duration> knownAge,
					Mono<List<Organization>> upstream) {
				return source.load(userId, knownAge, upstream).doOnNext((loaded) -> loaded(userId, loaded.value()));
			}

			@Override
			public Mono<Map<String, SharedLevel.Loaded<List<Organization>>>> loadAll(List<String> userIds,
					Function<List<String>, Mono<Map<String, List<Organization>>>> bulk) {
				return source.loadAll(userIds, bulk)
					.doOnNext((loaded) -> loaded.forEach((userId, entry) -> loaded(userId, entry.value())));
			}

		};
	}

	/** A user's cached organizations left the cache. */
	void removed(String userId, List<Organization> organizations) {
		for (Organization organization : organizations) {
			this.members.computeIfPresent(organization.id(), (id, users) -> {
				if (!this.stillCached.test(userId, id)) {
					users.remove(userId);
				}
				return users.isEmpty() ? null : users;
			});
		}
	}

	/** The users cached with the organization, a copy. */
	Set<String> of(String organizationId) {
		Set<String> users = this.members.get(organizationId);
		return (users != null) ? Set.copyOf(users) : Set.of();
	}

}
