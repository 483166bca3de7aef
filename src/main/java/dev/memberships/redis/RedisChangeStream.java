package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The organization index's changes, kept in a Redis stream from shortly before the last
 * published sweep: recorded by the pod that applied an event, replayed by a pod before it
 * loads a sweep, so that a pod that was not running, or lost the message, has them too.
 * Trimmed by the sweep's completion ({@link RedisSweepWriter}).
 */
final class RedisChangeStream {

	/**
	 * How far before a sweep's start its changes are kept: twice the time an event
	 * outranks a list read, for the pods' clocks against Redis'.
	 */
	static final Duration KEPT_BEFORE_SWEEP = Duration.ofMinutes(2);

	/** The most changes kept, whatever their age: a bound for a flood of events. */
	static final int MAX_CHANGES = 100_000;

	/** Changes per XRANGE reply. */
	private static final int BATCH = 50;

	private static final String FIELD = "c";

	/** KEYS: changes; ARGV: message, bound. */
	private static final RedisScript<String> RECORD = RedisScript.of("""
			return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'c', ARGV[1])
			""", String.class);

	private final ReactiveStringRedisTemplate redis;

	private final String key;

	private final Duration timeout;

	RedisChangeStream(ReactiveStringRedisTemplate redis, RedisKeys keys, Duration timeout) {
		this.redis = redis;
		this.key = keys.index().changes();
		this.timeout = timeout;
	}

	/** Records a change's message; the caller bounds and guards the command. */
	Mono<String> record(String message) {
		return this.redis.execute(RECORD, List.of(this.key), List.of(message, Integer.toString(MAX_CHANGES))).next();
	}

	/**
	 * Hands every message recorded since {@link #KEPT_BEFORE_SWEEP} before the sweep's
	 * start to {@code replay}, oldest first, a page at a time on the caller's thread.
	 */
	void replaySince(Instant sweepStart, Consumer<String> replay) {
		Range.Bound<String> from = Range.Bound.inclusive(sweepStart.minus(KEPT_BEFORE_SWEEP).toEpochMilli() + "-0");
		while (true) {
			List<MapRecord<String, String, String>> batch = this.redis.<String, String>opsForStream()
				.range(this.key, Range.rightUnbounded(from), Limit.limit().count(BATCH))
				.collectList()
				.block(this.timeout);
			if (batch == null || batch.isEmpty()) {
				return;
			}
			for (MapRecord<String, String, String> record : batch) {
				String message = record.getValue().get(FIELD);
				if (message != null) {
					replay.accept(message);
				}
			}
			if (batch.size() < BATCH) {
				return;
			}
			// The next page starts right after the last id (an exclusive bound, Redis
			// 6.2+).
			from = Range.Bound.exclusive(batch.getLast().getId().getValue());
		}
	}

}
