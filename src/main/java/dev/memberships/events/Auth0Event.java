package dev.memberships.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The part of an Auth0 Event Streams CloudEvent (1.0, JSON) the caches care about.
 *
 * @param id the event's id; with {@code source}, unique per event and kept on redelivery
 * @param source the tenant that sent it, e.g. {@code urn:auth0:acme.eu.auth0.com}
 * @param type e.g. {@code organization.member.added}
 * @param time when the change happened, or {@code null} when absent or unreadable
 * @param userId the user the event is about, or {@code null}
 * @param organizationId the organization the event is about, or {@code null}
 */
record Auth0Event(String id, @Nullable String source, String type, @Nullable Instant time, @Nullable String userId,
		@Nullable String organizationId) {

	/**
	 * Reads an event. Member events carry {@code data.object.user.user_id} and
	 * {@code data.object.organization.id}; user events carry the user itself as
	 * {@code data.object} ({@code data.object.user_id}), organization events the
	 * organization ({@code data.object.id}). Anything of the wrong JSON type counts as
	 * absent.
	 * @throws InvalidEventException when the body is not an object with an {@code id} and
	 * a {@code type}
	 */
	static Auth0Event from(@Nullable JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidEventException("The body must be one CloudEvent, a JSON object", "body");
		}
		String id = text(body, "/id");
		String type = text(body, "/type");
		if (id == null) {
			throw new InvalidEventException("The event has no id", "id");
		}
		if (type == null) {
			throw new InvalidEventException("The event has no type", "type");
		}
		String userId = firstText(body, "/data/object/user/user_id", "/data/object/user_id");
		String organizationId = firstText(body, "/data/object/organization/id", "/data/object/id");
		return new Auth0Event(id, text(body, "/source"), type, time(text(body, "/time")), userId, organizationId);
	}

	/** The key duplicates share: CloudEvents ids are unique within their source. */
	String deduplicationKey() {
		return ((this.source != null) ? this.source : "") + " " + this.id;
	}

	private static @Nullable String firstText(JsonNode body, String first, String second) {
		String text = text(body, first);
		return (text != null) ? text : text(body, second);
	}

	private static @Nullable String text(JsonNode body, String pointer) {
		JsonNode node = body.at(pointer);
		return (node.isString() && !node.asString().isBlank()) ? node.asString() : null;
	}

	private static @Nullable Instant time(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
