package dev.memberships.redis;

import java.util.List;

import dev.memberships.upstream.Upstreams;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The shared level's part of an eviction: deletes the entries it forgets in Redis, each
 * command through {@link RedisCalls}, so that none fails and none waits longer than the
 * operation timeout.
 */
final class RedisSharedDeletes {

	/** Deletes every entry of one user. KEYS: the user's index. */
	static final RedisScript<Long> EVICT_USER = RedisScript.of("""
			local keys = redis.call('SMEMBERS', KEYS[1])
			for _, key in ipairs(keys) do redis.call('DEL', key) end
			redis.call('DEL', KEYS[1])
			return #keys
			""", Long.class);

	/**
	 * Keys per delete of an organization's members: one round trip each, none too long.
	 */
	static final int DELETE_BATCH = 500;

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final RedisKeys keys;

	RedisSharedDeletes(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisKeys keys) {
		this.redis = redis;
		this.calls = calls;
		this.keys = keys;
	}

	/** Deletes every entry of one user; whether Redis answered. */
	boolean user(String userId) {
		return this.calls.await("evict", this.redis.execute(EVICT_USER, List.of(this.keys.userIndex(userId))).next());
	}

	/** Deletes the organizations entry of one user; whether Redis answered. */
	boolean organizationsOf(String userId) {
		return this.calls.await("evict", this.redis.delete(organizationsEntry(userId)));
	}

	/**
	 * Deletes the shared organizations entries of many users, {@value #DELETE_BATCH} keys
	 * a command, each command under its own timeout, one after the other.
	 * @return whether every command answered
	 */
	Mono<Boolean> organizationsOf(List<String> userIds) {
		return Flux.fromIterable(userIds)
			.map(this::organizationsEntry)
			.buffer(DELETE_BATCH)
			.concatMap(
					(batch) -> this.calls.call("evict", this.redis.delete(batch.toArray(String[]::new))).hasElement())
			.all(Boolean::booleanValue);
	}

	private String organizationsEntry(String userId) {
		return this.keys.entry(Upstreams.AUTH0, List.of(userId));
	}

}
