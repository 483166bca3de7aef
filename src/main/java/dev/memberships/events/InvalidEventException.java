package dev.memberships.events;

import java.util.Map;

import dev.memberships.config.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * An event the caches cannot act on: not an object, no id or type, or without the id its
 * type needs. Answered {@code 400}, so Auth0 reports the delivery as failed; nothing is
 * evicted.
 */
class InvalidEventException extends ProblemException {

	private final String member;

	InvalidEventException(String detail, String member) {
		super(HttpStatus.BAD_REQUEST, "invalid-event", "Invalid event", detail);
		this.member = member;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("member", this.member);
	}

}
