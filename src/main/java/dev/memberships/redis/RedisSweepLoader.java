package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.memberships.orgindex.IndexReplica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Loads the fleet's published sweep into this pod's index. The changes recorded since
 * shortly before that sweep come first, then every organization goes through the index's
 * own rules ({@link IndexReplica#swept}), so that events this pod applied after a read
 * still win, then the sweep completes with the sweeping pod's completion time: the index
 * is trusted here as long as the sweep is recent. An organization read before the
 * published sweep started was not listed by it, and counts as gone. On the caller's
 * thread, a batch of {@link #BATCH} organizations at a time (HSCAN): no reply holds the
 * whole index.
 */
final class RedisSweepLoader {

	private static final Logger logger = LoggerFactory.getLogger(RedisSweepLoader.class);

	/** Organizations per HSCAN reply. */
	static final int BATCH = 50;

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys.IndexKeys keys;

	private final RedisIndexCodec codec;

	private final IndexReplica replica;

	private final RedisChangeStream changes;

	private final Duration timeout;

	RedisSweepLoader(ReactiveStringRedisTemplate redis, RedisKeys keys, RedisIndexCodec codec, IndexReplica replica,
			Duration timeout) {
		this.redis = redis;
		this.keys = keys.index();
		this.codec = codec;
		this.replica = replica;
		this.changes = new RedisChangeStream(redis, keys, timeout);
		this.timeout = timeout;
	}

	/** Loads the published sweep if it is newer than this pod's; whether it did. */
	boolean loadNewer() {
		String text = this.redis.opsForValue().get(this.keys.sweep()).timeout(this.timeout).block();
		RedisIndexCodec.PublishedSweep sweep = (text != null) ? this.codec.sweep(text) : null;
		if (sweep == null || sweep.format() != RedisIndexCodec.PublishedSweep.FORMAT || this.replica.stopped()) {
			return false;
		}
		Instant sweepStart = Instant.ofEpochMilli(sweep.sweepStart());
		Instant known = this.replica.lastSweepStart().orElse(null);
		if (known != null && !known.isBefore(sweepStart)) {
			return false;
		}
		// First the changes since shortly before the sweep: the events this pod missed
		// then
		// rule over the sweep's older reads as they do on the pods that received them.
		this.changes.replaySince(sweepStart, (message) -> {
			RedisIndexCodec.ChangeMessage change = this.codec.change(message);
			if (change != null) {
				this.replica.replayed(change.change());
			}
		});
		Set<String> listed = new HashSet<>();
		// Pulled on this thread, a batch at a time: the load never holds up Redis' own
		// threads, which hand on every other answer.
		Iterable<Map.Entry<String, String>> fields = this.redis.<String, String>opsForHash()
			.scan(this.keys.organizations(), ScanOptions.scanOptions().count(BATCH).build())
			.timeout(this.timeout)
			.toIterable(BATCH);
		for (Map.Entry<String, String> field : fields) {
			load(field, sweepStart, listed);
		}
		if (this.replica.stopped()) {
			return false;
		}
		if (listed.size() < sweep.organizations()) {
			// Fields lost (evicted under memory pressure, or unreadable): completed, the
			// sweep would drop their organizations here.
			logger.warn("The fleet's organization index not loaded: the sweep of {} listed {} organizations, "
					+ "Redis holds {}", sweepStart, sweep.organizations(), listed.size());
			return false;
		}
		this.replica.sweepCompleted(listed, sweepStart, Instant.ofEpochMilli(sweep.completedAt()));
		logger.info("Loaded the fleet's organization index: the sweep of {}, {} organizations", sweepStart,
				listed.size());
		return true;
	}

	private void load(Map.Entry<String, String> field, Instant sweepStart, Set<String> listed) {
		RedisIndexCodec.SweptOrganization swept = this.codec.organization(field.getValue());
		if (swept == null || swept.readStartInstant().isBefore(sweepStart)) {
			return;
		}
		if (this.replica.swept(swept.organization(), Set.copyOf(swept.members()), swept.readStartInstant())) {
			listed.add(swept.organization().id());
		}
	}

}
