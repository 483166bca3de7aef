package dev.memberships.orgindex;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest change event per (organization, user), per organization and per deleted
 * user. Events come at least once and in any order, so the latest {@code time} wins; and
 * a sweep page read before an event must not undo it, so an event decides over any read
 * that started less than {@link #LIST_LAG} before it. Auth0's member lists are eventually
 * consistent (a removed member may stay listed for a while): the lag covers that too.
 */
final class ChangeLog {

	/** How long an event outranks what the lists say. */
	static final Duration LIST_LAG = Duration.ofMinutes(1);

	private final Map<Member, Change> members = new ConcurrentHashMap<>();

	private final Map<String, Change> organizations = new ConcurrentHashMap<>();

	private final Map<String, Instant> deletedUsers = new ConcurrentHashMap<>();

	/** Records a member change; {@code false} when a later one is already known. */
	boolean member(String organizationId, String userId, Instant time, boolean present) {
		return newer(this.members, new Member(organizationId, userId), new Change(time, present));
	}

	/**
	 * Records an organization change; {@code false} when a later one is already known.
	 */
	boolean organization(String organizationId, Instant time, boolean present) {
		return newer(this.organizations, organizationId, new Change(time, present));
	}

	void userDeleted(String userId, Instant time) {
		this.deletedUsers.merge(userId, time, (a, b) -> a.isAfter(b) ? a : b);
	}

	/**
	 * Whether an event decides the membership over a list read that started then.
	 * @return the membership as the events have it; empty when the read decides
	 */
	Optional<Boolean> decides(String organizationId, String userId, Instant readStart) {
		Instant since = readStart.minus(LIST_LAG);
		Instant deleted = this.deletedUsers.get(userId);
		if (deleted != null && deleted.isAfter(since)) {
			return Optional.of(false);
		}
		Change change = this.members.get(new Member(organizationId, userId));
		return (change != null && change.time().isAfter(since)) ? Optional.of(change.present()) : Optional.empty();
	}

	/**
	 * What an event says of an organization over a list read that started then.
	 * @return whether it exists as the events have it; empty when the read decides
	 */
	Optional<Boolean> decidesOrganization(String organizationId, Instant readStart) {
		Change change = this.organizations.get(organizationId);
		return (change != null && change.time().isAfter(readStart.minus(LIST_LAG))) ? Optional.of(change.present())
				: Optional.empty();
	}

	/** Forgets the changes every read started since then already shows. */
	void pruneBefore(Instant readStart) {
		Instant since = readStart.minus(LIST_LAG);
		this.members.values().removeIf((change) -> !change.time().isAfter(since));
		this.organizations.values().removeIf((change) -> !change.time().isAfter(since));
		this.deletedUsers.values().removeIf((time) -> !time.isAfter(since));
	}

	void clear() {
		this.members.clear();
		this.organizations.clear();
		this.deletedUsers.clear();
	}

	private static <K> boolean newer(Map<K, Change> changes, K key, Change change) {
		Change kept = changes.merge(key, change,
				(known, arriving) -> known.time().isAfter(arriving.time()) ? known : arriving);
		return kept == change;
	}

	record Member(String organizationId, String userId) {
	}

	record Change(Instant time, boolean present) {
	}

}
