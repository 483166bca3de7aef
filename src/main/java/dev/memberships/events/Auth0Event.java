package dev.memberships.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
	 * The longest {@code id} and {@code source} taken: Auth0's are a few dozen
	 * characters, and nothing longer is remembered.
	 */
	static final int MAX_ID_LENGTH = 256;

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
		String source = text(body, "/source");
		if (id.length() > MAX_ID_LENGTH) {
			throw new InvalidEventException("The event's id is longer than " + MAX_ID_LENGTH + " characters", "id");
		}
		if (source != null && source.length() > MAX_ID_LENGTH) {
			throw new InvalidEventException("The event's source is longer than " + MAX_ID_LENGTH + " characters",
					"source");
		}
		String userId = firstText(body, "/data/object/user/user_id", "/data/object/user_id");
		String organizationId = firstText(body, "/data/object/organization/id", "/data/object/id");
		return new Auth0Event(id, source, type, time(text(body, "/time")), userId, organizationId);
	}

	/**
	 * The key duplicates share (CloudEvents ids are unique within their source): 128 bits
	 * of the SHA-256 of both, so that every remembered event costs the same few bytes
	 * whatever its id.
	 */
	Key deduplicationKey() {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			byte[] source = ((this.source != null) ? this.source : "").getBytes(StandardCharsets.UTF_8);
			// The source's length first, so that ("ab", "c") and ("a", "bc") differ.
			sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(source.length).array());
			sha256.update(source);
			ByteBuffer digest = ByteBuffer.wrap(sha256.digest(this.id.getBytes(StandardCharsets.UTF_8)));
			return new Key(digest.getLong(), digest.getLong());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	/** An event's identity as remembered: two longs, 32 bytes on the heap. */
	record Key(long high, long low) {
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
