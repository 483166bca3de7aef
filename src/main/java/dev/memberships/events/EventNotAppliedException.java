package dev.memberships.events;

import java.time.Duration;

import dev.memberships.web.ProblemException;
import dev.memberships.web.ProblemType;

import org.springframework.http.HttpHeaders;

/**
 * An event acted on by this instance only: Redis did not answer, so the other instances
 * may not have heard of it. Answered {@code 503} with {@code Retry-After}, so that Auth0
 * delivers it again; the event id is not remembered, so the redelivery is acted on.
 */
class EventNotAppliedException extends ProblemException {

	/** What {@code Retry-After} says: a Redis outage the operation timeout noticed. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	EventNotAppliedException() {
		super(ProblemType.EVENT_NOT_APPLIED,
				"The event was applied on this instance only, the shared cache did not answer; deliver it again.");
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
	}

}
