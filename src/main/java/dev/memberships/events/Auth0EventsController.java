package dev.memberships.events;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /events/auth0}: the webhook of an Auth0 Event Stream. Who may call it is
 * settled before (its own security filter chain, by the static token); this answers
 * {@code 202} once the eviction is done: memory work, and with Redis a few commands under
 * its timeout, never an upstream call. When Redis did not carry it, {@code 503} with
 * {@code Retry-After}, so that Auth0 delivers the event again.
 */
@RestController
@ConditionalOnProperty(Auth0EventsProperties.TOKEN)
class Auth0EventsController {

	/** The path, also matched by its security filter chain. */
	static final String PATH = "/events/auth0";

	private static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

	private final Auth0Events events;

	private final JsonMapper json;

	Auth0EventsController(Auth0Events events, JsonMapper json) {
		this.events = events;
		this.json = json;
	}

	@PostMapping(path = PATH, consumes = { MediaType.APPLICATION_JSON_VALUE, CLOUDEVENTS_JSON })
	@ResponseStatus(HttpStatus.ACCEPTED)
	void receive(@RequestBody(required = false) byte @Nullable [] body) {
		this.events.accept(read(body));
	}

	// The body is parsed here rather than bound by Spring, so that every unreadable body
	// is the same invalid-event problem and is counted.
	private Auth0Event read(byte @Nullable [] body) {
		try {
			JsonNode tree = (body != null) ? this.json.readTree(body) : null;
			return Auth0Event.from(tree);
		}
		catch (JacksonException | InvalidEventException ex) {
			this.events.rejected();
			if (ex instanceof InvalidEventException invalid) {
				throw invalid;
			}
			throw new InvalidEventException("The body is not valid JSON", "body");
		}
	}

}
