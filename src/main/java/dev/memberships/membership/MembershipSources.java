package dev.memberships.membership;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.SourceResult;
import dev.memberships.membership.cache.Stamped;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.stereotype.Component;

/**
 * The three sources of an answer, each behind its own cache: Auth0 organizations per user
 * ({@link OrganizationsSource}), EnOS structures per OU, user and locale and EnOS groups
 * per OU and user ({@link EnosSources}). What concerns all three at once is here.
 */
@Component
class MembershipSources {

	private final OrganizationsSource organizations;

	private final EnosSources enos;

	MembershipSources(OrganizationsSource organizations, EnosSources enos) {
		this.organizations = organizations;
		this.enos = enos;
	}

	Mono<SourceResult<List<Organization>>> organizations(MembershipQuery query, boolean bypassFresh) {
		return this.organizations.get(query.userId(), bypassFresh);
	}

	/**
	 * The three sources' entries for a query when every one is cached and fresh: an
	 * answer that needs no load and no wait. Counts the three cache hits only then;
	 * otherwise the gets that follow count.
	 */
	Optional<FreshEntries> freshNow(MembershipQuery query) {
		Optional<Stamped<List<Organization>>> organizations = this.organizations.freshNow(query.userId());
		if (organizations.isEmpty()) {
			return Optional.empty();
		}
		Optional<EnosSources.Fresh> enos = this.enos.freshNow(query);
		if (enos.isEmpty()) {
			return Optional.empty();
		}
		Duration organizationsFor = this.organizations.hit(organizations.get());
		Duration freshFor = (organizationsFor.compareTo(enos.get().freshFor()) < 0) ? organizationsFor
				: enos.get().freshFor();
		return Optional
			.of(new FreshEntries(organizations.get(), enos.get().structures(), enos.get().userGroups(), freshFor));
	}

	Mono<SourceResult<List<Structure>>> structures(MembershipQuery query, boolean bypassFresh) {
		return this.enos.structures(query, bypassFresh);
	}

	Mono<SourceResult<List<UserGroup>>> userGroups(MembershipQuery query, boolean bypassFresh) {
		return this.enos.userGroups(query, bypassFresh);
	}

	/** Forgets everything cached about one user, in every OU and locale. */
	void evictUser(String userId) {
		this.organizations.evict(userId);
		this.enos.evictUser(userId);
	}

	/** Forgets one user's Auth0 organizations, and that Auth0 did not know them. */
	void evictOrganizationsOf(String userId) {
		this.organizations.evict(userId);
	}

	/**
	 * Makes one user's Auth0 organizations stale: the next read asks Auth0, and serves
	 * them stale if Auth0 fails. Forgets that Auth0 did not know the user.
	 */
	void markOrganizationsStale(String userId) {
		this.organizations.markStale(userId);
	}

	/** The users cached with one organization. */
	List<String> organizationMembers(String organizationId) {
		return this.organizations.members(organizationId);
	}

	/**
	 * Starts loading the EnOS sources of many users at once, in as few calls as EnOS
	 * allows; the gets that follow join these loads instead of waiting for a window.
	 */
	void prefetch(List<MembershipQuery> queries, boolean bypassFresh, ContextView context) {
		if (!bypassFresh) {
			this.enos.prefetch(queries, context);
		}
	}

	/** Forgets everything cached. */
	void evictAll() {
		this.organizations.evictAll();
		this.enos.evictAll();
	}

}
