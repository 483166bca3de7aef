package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.memberships.auth0.Auth0Organization;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The sweeping pod's writes of the organization index: each organization as it is swept
 * (a hash field, value {@code {organization, members, readStart}}), and at completion the
 * sweep itself, dropping the organizations no longer listed. A hash of organizations
 * rather than one compressed blob per sweep: a sweep of hours is written as it goes,
 * never held or sent whole; a pod that starts mid-sweep reads every organization at its
 * latest; and a follower reads it with HSCAN, a bounded batch at a time.
 */
final class RedisSweepWriter {

	private static final Logger logger = LoggerFactory.getLogger(RedisSweepWriter.class);

	/**
	 * Writes one swept organization. KEYS: organizations, read starts; ARGV: id, value,
	 * read start ms.
	 */
	private static final RedisScript<Long> PUT = RedisScript.of("""
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
			return 1
			""", Long.class);

	/**
	 * Publishes a complete sweep unless a later one is known: drops the organizations
	 * read before it started (it did not list them), then writes the sweep. KEYS:
	 * organizations, read starts, sweep; ARGV: sweep start ms, the sweep. Returns the
	 * organizations dropped, -1 when a later sweep was published.
	 */
	private static final RedisScript<Long> COMPLETE = RedisScript.of("""
			local known = redis.call('GET', KEYS[3])
			if known and tonumber(cjson.decode(known).sweepStart) >= tonumber(ARGV[1]) then return -1 end
			local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
			for i = 1, #gone, 500 do
			  redis.call('HDEL', KEYS[1], unpack(gone, i, math.min(i + 499, #gone)))
			end
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
			local sweep = cjson.decode(ARGV[2])
			sweep.organizations = redis.call('ZCOUNT', KEYS[2], ARGV[1], '+inf')
			redis.call('SET', KEYS[3], cjson.encode(sweep))
			redis.call('XTRIM', KEYS[4], 'MINID', '~', ARGV[3])
			return #gone
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys.IndexKeys keys;

	private final RedisIndexCodec codec;

	private final Duration timeout;

	/** The latest read start of an organization that could not be written. */
	private final AtomicReference<@Nullable Instant> unwritten = new AtomicReference<>();

	RedisSweepWriter(ReactiveStringRedisTemplate redis, RedisKeys keys, RedisIndexCodec codec, Duration timeout) {
		this.redis = redis;
		this.keys = keys.index();
		this.codec = codec;
		this.timeout = timeout;
	}

	/** Writes one swept organization. */
	void swept(Auth0Organization organization, Set<String> members, Instant readStart) {
		Long written = write("index-put", this.redis
			.execute(PUT, this.keys.all().subList(0, 2), List.of(organization.id(),
					this.codec.organization(organization, members, readStart), Long.toString(readStart.toEpochMilli())))
			.next());
		if (written == null) {
			this.unwritten.accumulateAndGet(readStart,
					(known, failed) -> (known == null || failed.isAfter(known)) ? failed : known);
		}
	}

	/**
	 * Writes a completed sweep, unless an organization of it could not be written.
	 * @return whether Redis took it
	 */
	boolean completed(Set<String> listedOrganizations, Instant sweepStart, Instant completedAt) {
		Instant failed = this.unwritten.get();
		if (failed != null && !failed.isBefore(sweepStart)) {
			// Published, it would drop the organizations not written from every other
			// pod.
			logger.warn("Organization index sweep of {} not published: Redis did not take every organization; "
					+ "the other pods keep the previous one", sweepStart);
			return false;
		}
		// The script counts the organizations it leaves.
		String sweep = this.codec.sweep(new RedisIndexCodec.PublishedSweep(sweepStart.toEpochMilli(),
				completedAt.toEpochMilli(), listedOrganizations.size(), RedisIndexCodec.PublishedSweep.FORMAT));
		List<String> keys = List.of(this.keys.organizations(), this.keys.readStarts(), this.keys.sweep(),
				this.keys.changes());
		List<String> arguments = List.of(Long.toString(sweepStart.toEpochMilli()), sweep,
				Long.toString(sweepStart.minus(RedisChangeStream.KEPT_BEFORE_SWEEP).toEpochMilli()));
		Long dropped = write("index-complete", this.redis.execute(COMPLETE, keys, arguments).next());
		if (dropped == null) {
			logger.warn("Organization index sweep of {} not published", sweepStart);
			return false;
		}
		logger.info("Organization index sweep of {} published: {} organizations, {} dropped", sweepStart,
				listedOrganizations.size(), dropped);
		return true;
	}

	/**
	 * A write of the sweep, on its thread: bounded by the command timeout, never fails.
	 * Not through {@link RedisCalls}: a slow sweep write would count as its strike and
	 * make every request's Redis timeout firm.
	 */
	private @Nullable Long write(String operation, Mono<Long> command) {
		try {
			return command.timeout(this.timeout).block();
		}
		catch (RuntimeException ex) {
			logger.warn("Redis failed: {}: {}", operation, NestedExceptionUtils.getMostSpecificCause(ex).toString());
			return null;
		}
	}

}
