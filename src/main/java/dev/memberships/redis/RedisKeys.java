package dev.memberships.redis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the shared level names its keys: prefixed, versioned (an entry of another version
 * is never read), and with the user id as the hash tag, so that every key of one user is
 * in one slot of a Redis Cluster, e.g. {@code memberships:v1:entries:auth0:{auth0%7C42}}.
 * Parts are percent-encoded, so no user id can reach into another key. Entries, user
 * indexes and leases live under {@code :v1:entries:}, apart from the tenant gate's
 * {@code :v1:gate:}, so that a sweep of every entry ({@link #allEntries()}) can never
 * match the gate's keys. Every key and channel of the service is named here.
 */
final class RedisKeys {

	private final String prefix;

	private final String channel;

	private final String gate;

	private final String warmUp;

	RedisKeys(String keyPrefix) {
		this.prefix = keyPrefix + ":v1:entries:";
		this.channel = keyPrefix + ":v1:evictions";
		this.gate = keyPrefix + ":v1:gate:";
		this.warmUp = keyPrefix + ":warm-up";
	}

	/** The key of one entry; the first part is the user id. */
	String entry(String source, List<String> parts) {
		String user = "{" + encode(parts.getFirst()) + "}";
		String rest = parts.stream().skip(1).map(RedisKeys::encode).collect(Collectors.joining(":"));
		return this.prefix + source + ":" + user + (rest.isEmpty() ? "" : ":" + rest);
	}

	/** The set of every entry key of one user, so that evicting a user is one script. */
	String userIndex(String userId) {
		return this.prefix + "user:{" + encode(userId) + "}";
	}

	/** The lease of whoever loads an entry now. */
	String lease(String entryKey) {
		return entryKey + ":lease";
	}

	/** The channel evictions are published on. */
	String evictions() {
		return this.channel;
	}

	/**
	 * The tenant gate's keys of one upstream: "closed until", then the token bucket. One
	 * hash tag, so that both are in one slot and a script may use both in a cluster.
	 */
	List<String> gate(String upstream) {
		String tagged = this.gate + "{" + encode(upstream) + "}";
		return List.of(tagged + ":closed-until", tagged + ":bucket");
	}

	/** The key the warm-up looks for: never written, so every look is a miss. */
	String warmUpProbe() {
		return this.warmUp;
	}

	/**
	 * Every entry, user index and lease, for a SCAN: never the gate's keys. The prefix
	 * holds no glob character ({@code RedisLevelProperties} refuses them).
	 */
	String allEntries() {
		return this.prefix + "*";
	}

	private static String encode(String part) {
		return URLEncoder.encode(part, StandardCharsets.UTF_8);
	}

}
