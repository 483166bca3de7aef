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
 * {@code :v1:gate:}, and the organization index's {@code :v1:index:}, so that a sweep of
 * every entry ({@link #allEntries()}) can never match the gate's or the index's keys.
 * Every key and channel of the service is named here.
 */
final class RedisKeys {

	private final String prefix;

	private final String channel;

	private final String gate;

	private final String warmUp;

	private final String index;

	RedisKeys(String keyPrefix) {
		this.index = keyPrefix + ":v1:index:{index}:";
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

	/**
	 * The organization index shared by the replicas: the swept organizations (a hash, one
	 * field per organization), when each was read (a sorted set), the last complete
	 * sweep, and the lease of the pod that sweeps. One hash tag, so that a script may use
	 * them all in a cluster; apart from the entries, so that an evict-all leaves them.
	 */
	IndexKeys index() {
		return new IndexKeys(this.index + "organizations", this.index + "read-starts", this.index + "sweep",
				this.index + "sweeper", this.index + "changes");
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

	/**
	 * The shared organization index's keys.
	 *
	 * @param organizations hash: organization id to what the sweep read of it
	 * @param readStarts sorted set: organization id by the start of its read, epoch ms
	 * @param sweep the last complete sweep
	 * @param sweeper the lease of the pod that sweeps for the fleet
	 * @param changes stream: the changes since the last sweep, for pods that start later
	 */
	record IndexKeys(String organizations, String readStarts, String sweep, String sweeper, String changes) {

		/** What a sweep writes. */
		List<String> all() {
			return List.of(this.organizations, this.readStarts, this.sweep);
		}

	}

}
