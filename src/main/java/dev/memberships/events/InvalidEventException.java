package dev.memberships.events;

import java.util.Map;

import dev.memberships.web.ProblemException;
import dev.memberships.web.ProblemType;

/**
 * An event the caches cannot act on: not an object, no id or type, or without the id its
 * type needs. Answered {@code 400}, so Auth0 reports the delivery as failed; nothing is
 * evicted.
 */
class InvalidEventException extends ProblemException {

	InvalidEventException(String detail, String member) {
		super(ProblemType.INVALID_EVENT, detail, Map.of("member", member));
	}

}
