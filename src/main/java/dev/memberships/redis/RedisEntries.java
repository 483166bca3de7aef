package dev.memberships.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.memberships.membership.cache.SharedLevel;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How one source's answer is written in Redis: JSON with the wall-clock time it was
 * loaded, since each instance's ticker counts from its own start. A value that cannot be
 * read back is no entry, and neither is one loaded more than {@link #CLOCK_TOLERANCE} in
 * the future.
 */
final class RedisEntries<V> {

	/**
	 * How far ahead of this instance's clock another instance's may be: an entry loaded
	 * later than that is no entry.
	 */
	static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(1);

	private final JsonMapper json;

	private final JavaType type;

	private final Clock clock;

	RedisEntries(JsonMapper json, Class<?> elementType, Clock clock) {
		this.json = json;
		this.type = json.getTypeFactory().constructCollectionType(List.class, elementType);
		this.clock = clock;
	}

	String write(V value) {
		return this.json.writeValueAsString(new Entry(this.clock.millis(), this.json.valueToTree(value)));
	}

	/** The answer and its age, or {@code null} when the text is not a readable entry. */
	SharedLevel.@Nullable Loaded<V> read(String text) {
		try {
			Entry entry = this.json.readValue(text, Entry.class);
			if (entry == null || entry.value() == null || entry.value().isNull()) {
				return null;
			}
			V value = this.json.treeToValue(entry.value(), this.type);
			Duration age = Duration.between(Instant.ofEpochMilli(entry.loadedAt()), this.clock.instant());
			if (age.compareTo(CLOCK_TOLERANCE.negated()) < 0) {
				// Loaded in the future: a pod's clock runs ahead, or someone wrote it. It
				// would count as fresh and win over newer copies, even for no-cache.
				return null;
			}
			return new SharedLevel.Loaded<>(value, age.isNegative() ? Duration.ZERO : age);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * One entry.
	 *
	 * @param loadedAt when the upstream answered, epoch milliseconds
	 * @param value the answer
	 */
	record Entry(long loadedAt, @Nullable JsonNode value) {
	}

}
