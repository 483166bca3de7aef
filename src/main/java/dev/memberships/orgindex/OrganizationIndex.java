package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.membership.OrganizationsCopy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every organization and its members, and the rules that keep them right: what sweeps
 * read, what events say ({@link ChangeLog}: the latest wins, and beats an older read),
 * and what per-user calls answered for users no list names. Trusted for answers only once
 * a sweep has completed; past {@code 2 x sweep-interval} after the last one, what it
 * answers is {@code STALE}, with the age of that sweep.
 */
final class OrganizationIndex implements OrganizationsCopy {

	private static final Logger logger = LoggerFactory.getLogger(OrganizationIndex.class);

	private static final IndexLookup ASK = new IndexLookup.Ask();

	private final MembershipTable table = new MembershipTable();

	private final ChangeLog changes = new ChangeLog();

	private final PerUserAnswers perUser = new PerUserAnswers();

	private final OrganizationIndexProperties properties;

	private final Clock clock;

	private volatile @Nullable Instant lastComplete;

	/** When the last complete sweep (this pod's or, loaded, the fleet's) started. */
	private volatile @Nullable Instant lastSweepStart;

	private volatile boolean stopped;

	OrganizationIndex(OrganizationIndexProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/** What the index says of a user. */
	IndexLookup lookup(String userId) {
		if (this.stopped || this.lastComplete == null) {
			return ASK;
		}
		List<Auth0Organization> organizations = this.table.organizationsOf(userId);
		if (organizations != null) {
			return new IndexLookup.Listed(organizations);
		}
		return this.perUser.lookup(userId).orElse(ASK);
	}

	/**
	 * Whether the index answers, and is current: a sweep completed within its trusted
	 * age.
	 */
	boolean trusted() {
		return !this.stopped && age().filter((age) -> age.compareTo(this.properties.trustedFor()) <= 0).isPresent();
	}

	/**
	 * The age of the last complete sweep, for users the index answers for, once it is
	 * past {@code 2 x sweep-interval}. A user a per-user call answered while the index
	 * was behind counts as answered by the index from then on.
	 */
	@Override
	public Optional<Duration> behindFor(String userId) {
		// On every answer's path: the age first, and whether the user is here without
		// building their list.
		if (this.stopped) {
			return Optional.empty();
		}
		return age().filter((age) -> age.compareTo(this.properties.trustedFor()) > 0)
			.filter((age) -> this.table.has(userId) || this.perUser.has(userId));
	}

	private Optional<Duration> age() {
		Instant complete = this.lastComplete;
		return (complete != null) ? Optional.of(Duration.between(complete, this.clock.instant())) : Optional.empty();
	}

	/** A per-user call's answer for a user no list named. */
	synchronized void answered(String userId, List<Auth0Organization> organizations) {
		if (organizations.isEmpty()) {
			this.perUser.none(userId);
			return;
		}
		Instant now = this.clock.instant();
		for (Auth0Organization organization : organizations) {
			if (this.changes.member(organization.id(), userId, now, true)) {
				this.table.putOrganization(organization);
				this.table.add(organization.id(), userId);
			}
		}
		this.perUser.forget(userId);
		enforceLimit();
	}

	/** A per-user call found no such user. */
	void unknown(String userId) {
		this.perUser.unknown(userId);
	}

	Optional<Auth0Organization> organization(String organizationId) {
		return this.table.organization(organizationId);
	}

	/** An event: the user joined the organization. */
	synchronized void memberAdded(Auth0Organization organization, String userId, Instant time) {
		if (this.changes.member(organization.id(), userId, time, true)) {
			this.table.putOrganization(organization);
			this.table.add(organization.id(), userId);
			this.perUser.forget(userId);
			enforceLimit();
		}
	}

	/** An event: the user left the organization. */
	synchronized void memberDeleted(String organizationId, String userId, Instant time) {
		if (this.changes.member(organizationId, userId, time, false)) {
			this.table.remove(organizationId, userId);
		}
	}

	/** An event: an organization was created or changed. */
	synchronized void organizationChanged(Auth0Organization organization, Instant time) {
		if (this.changes.organization(organization.id(), time, true)) {
			this.table.putOrganization(organization);
		}
	}

	/** An event: the organization is gone; returns its members. */
	synchronized Set<String> organizationDeleted(String organizationId, Instant time) {
		return this.changes.organization(organizationId, time, false) ? this.table.removeOrganization(organizationId)
				: Set.of();
	}

	/** An event: the user is gone; Auth0 would answer 404 now. */
	synchronized void userDeleted(String userId, Instant time) {
		this.changes.userDeleted(userId, time);
		this.table.removeUser(userId);
		this.perUser.unknown(userId);
	}

	/**
	 * A sweep read every member of an organization, its first page requested then.
	 * @return {@code false} once the index has stopped
	 */
	synchronized boolean swept(Auth0Organization organization, Set<String> listed, Instant readStart) {
		if (this.stopped) {
			return false;
		}
		String id = organization.id();
		Optional<Boolean> exists = this.changes.decidesOrganization(id, readStart);
		if (exists.isPresent() && !exists.get()) {
			return true;
		}
		this.table.putOrganization(organization);
		Set<String> users = new HashSet<>(listed);
		users.addAll(this.table.membersOf(id));
		for (String userId : users) {
			boolean member = this.changes.decides(id, userId, readStart).orElse(listed.contains(userId));
			if (member) {
				this.table.add(id, userId);
				this.perUser.forget(userId);
			}
			else {
				this.table.remove(id, userId);
			}
		}
		return enforceLimit();
	}

	/**
	 * A sweep that started then listed every organization (those it did not list are
	 * gone, unless an event since says otherwise) and completed at {@code completedAt}:
	 * here, or on the pod that swept for the fleet, whose sweep this pod loaded (so its
	 * age counts from the sweeper's completion, not the load).
	 */
	synchronized void sweepCompleted(Set<String> listedOrganizations, Instant sweepStart, Instant completedAt) {
		if (this.stopped) {
			return;
		}
		for (String id : this.table.organizationIds()) {
			if (!listedOrganizations.contains(id) && this.changes.decidesOrganization(id, sweepStart).isEmpty()) {
				this.table.removeOrganization(id);
			}
		}
		this.changes.pruneBefore(sweepStart);
		this.lastComplete = completedAt;
		this.lastSweepStart = sweepStart;
	}

	boolean stopped() {
		return this.stopped;
	}

	Optional<Instant> lastComplete() {
		return Optional.ofNullable(this.lastComplete);
	}

	Optional<Instant> lastSweepStart() {
		return Optional.ofNullable(this.lastSweepStart);
	}

	long memberships() {
		return this.table.memberships();
	}

	int users() {
		return this.table.users();
	}

	int organizations() {
		return this.table.organizations();
	}

	private boolean enforceLimit() {
		if (this.table.memberships() <= this.properties.maxMemberships()) {
			return true;
		}
		logger.error("The organization index stopped: it would hold more than memberships.auth0.index."
				+ "max-memberships ({}) memberships. Answers come from per-user Auth0 calls, as without the index, "
				+ "until the bound is raised and the service restarted.", this.properties.maxMemberships());
		this.stopped = true;
		this.table.clear();
		this.changes.clear();
		this.perUser.clear();
		return false;
	}

}
