package dev.memberships.orgindex;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What per-user calls answered for users no list names: no organizations, or unknown to
 * Auth0. Kept until an event or a sweep lists the user, so that such users cost one call
 * for as long as the index holds, not one per {@code ttl}.
 */
final class PerUserAnswers {

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	void none(String userId) {
		this.answers.put(userId, Answer.NONE);
	}

	void unknown(String userId) {
		this.answers.put(userId, Answer.UNKNOWN);
	}

	/** A list or an event names the user now. */
	void forget(String userId) {
		this.answers.remove(userId);
	}

	boolean has(String userId) {
		return this.answers.containsKey(userId);
	}

	Optional<IndexLookup> lookup(String userId) {
		Answer answer = this.answers.get(userId);
		if (answer == null) {
			return Optional.empty();
		}
		return Optional.of((answer == Answer.UNKNOWN) ? new IndexLookup.Unknown() : new IndexLookup.Listed(List.of()));
	}

	void clear() {
		this.answers.clear();
	}

	private enum Answer {

		NONE, UNKNOWN

	}

}
