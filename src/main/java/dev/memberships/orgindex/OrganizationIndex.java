package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.membership.OrganizationsCopy;

/**
 * Every organization and its members, and the rules that keep them right, under one lock:
 * what sweeps read ({@link SweepRules}), what events say and what per-user calls answered
 * for users no list names ({@link EventRules}), up to a bound ({@link MembershipBound}).
 * Trusted for answers only once a sweep has completed; past {@code 2 x sweep-interval}
 * after the last one, what it answers is {@code STALE}, with the age of that sweep
 * ({@link SweepAge}).
 */
final class OrganizationIndex implements OrganizationsCopy {

	private static final IndexLookup ASK = new IndexLookup.Ask();

	private final IndexState state = new IndexState();

	private final MembershipBound bound;

	private final EventRules events;

	private final SweepRules sweeps;

	private final SweepAge age;

	OrganizationIndex(OrganizationIndexProperties properties, Clock clock) {
		this.bound = new MembershipBound(properties.maxMemberships());
		this.events = new EventRules(this.state, this.bound, clock);
		this.sweeps = new SweepRules(this.state, this.bound);
		this.age = new SweepAge(properties.trustedFor(), clock);
	}

	/** What the index says of a user. */
	IndexLookup lookup(String userId) {
		if (this.bound.stopped() || !this.age.any()) {
			return ASK;
		}
		return this.state.lookup(userId).orElse(ASK);
	}

	/**
	 * Whether the index answers, and is current: a sweep completed within its trusted
	 * age.
	 */
	boolean trusted() {
		return !this.bound.stopped() && this.age.current();
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
		if (this.bound.stopped()) {
			return Optional.empty();
		}
		return this.age.behind().filter((age) -> this.state.has(userId));
	}

	/** A per-user call's answer for a user no list named. */
	synchronized void answered(String userId, List<Auth0Organization> organizations) {
		this.events.answered(userId, organizations);
	}

	/** A per-user call found no such user. */
	void unknown(String userId) {
		this.events.unknown(userId);
	}

	Optional<Auth0Organization> organization(String organizationId) {
		return this.state.table().organization(organizationId);
	}

	/**
	 * An event, by the index's rules (the latest per organization and user wins).
	 * @return whether it is a change of a type the index knows, with what that type needs
	 */
	synchronized boolean apply(IndexChange change) {
		return change.applyTo(this.events);
	}

	/** An event, or a sweep's read: the organization is gone; returns its members. */
	synchronized Set<String> organizationDeleted(String organizationId, Instant time) {
		return this.events.organizationDeleted(organizationId, time);
	}

	/**
	 * A sweep read every member of an organization, its first page requested then.
	 * @return {@code false} once the index has stopped
	 */
	synchronized boolean swept(Auth0Organization organization, Set<String> listed, Instant readStart) {
		return this.sweeps.swept(organization, listed, readStart);
	}

	/**
	 * A sweep that started then listed every organization (those it did not list are
	 * gone, unless an event since says otherwise) and completed at {@code completedAt}:
	 * here, or on the pod that swept for the fleet, whose sweep this pod loaded (so its
	 * age counts from the sweeper's completion, not the load).
	 */
	synchronized void sweepCompleted(Set<String> listedOrganizations, Instant sweepStart, Instant completedAt) {
		if (this.bound.stopped()) {
			return;
		}
		this.sweeps.completed(listedOrganizations, sweepStart);
		this.age.completed(sweepStart, completedAt);
	}

	boolean stopped() {
		return this.bound.stopped();
	}

	Optional<Instant> lastComplete() {
		return this.age.lastComplete();
	}

	Optional<Instant> lastSweepStart() {
		return this.age.lastSweepStart();
	}

	long memberships() {
		return this.state.table().memberships();
	}

	int users() {
		return this.state.table().users();
	}

	int organizations() {
		return this.state.table().organizations();
	}

}
