package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.orgindex.IndexChange;
import dev.memberships.orgindex.IndexReplica;
import dev.memberships.orgindex.SharedIndex;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The organization index shared through Redis. The sweeping pod writes each organization
 * as it is swept, and at completion the sweep itself ({@link RedisSweepWriter}). Changes
 * travel on the eviction channel, so that on every pod a change comes before the eviction
 * the receiving pod sends after it, and are kept in a stream from shortly before the last
 * sweep, which a pod loading a sweep applies first. The other pods load sweeps
 * ({@link RedisIndexFollower}) and apply changes into their {@link IndexReplica}.
 */
final class RedisSharedIndex implements SharedIndex {

	private final String pod = UUID.randomUUID().toString();

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final String channel;

	private final RedisIndexCodec codec;

	private final IndexReplica replica;

	private final RedisSweepWriter writer;

	private final RedisChangeStream changes;

	private final RedisIndexFollower follower;

	RedisSharedIndex(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisKeys keys, RedisIndexCodec codec,
			IndexReplica replica, RedisIndexFollower follower, Duration timeout) {
		this.redis = redis;
		this.calls = calls;
		this.channel = keys.evictions();
		this.codec = codec;
		this.replica = replica;
		this.writer = new RedisSweepWriter(redis, keys, codec, timeout);
		this.changes = new RedisChangeStream(redis, keys, timeout);
		this.follower = follower;
	}

	@Override
	public void swept(Auth0Organization organization, Set<String> members, Instant readStart) {
		this.writer.swept(organization, members, readStart);
	}

	@Override
	public void sweepCompleted(Set<String> listedOrganizations, Instant sweepStart, Instant completedAt) {
		if (this.writer.completed(listedOrganizations, sweepStart, completedAt)) {
			this.calls.call("publish", this.redis.convertAndSend(this.channel, RedisIndexCodec.SWEPT + sweepStart))
				.subscribe();
		}
	}

	/**
	 * Sends a change to the other pods, before the caller's eviction (the same way, so it
	 * comes first), and records it for pods that start later; bounded by the Redis
	 * timeout: a change that does not travel heals at the next sweep.
	 */
	@Override
	public void changed(IndexChange change) {
		String message = this.codec.change(change, this.pod);
		this.calls.call("index-change", this.changes.record(message)).subscribe();
		this.calls.call("publish", this.redis.convertAndSend(this.channel, message)).block();
	}

	/**
	 * Takes a message from the eviction channel.
	 * @return whether it was the index's (and is no eviction)
	 */
	boolean heard(String message) {
		if (message.startsWith(RedisIndexCodec.SWEPT)) {
			this.follower.checkSoon();
			return true;
		}
		if (!message.startsWith(RedisIndexCodec.CHANGE)) {
			return false;
		}
		RedisIndexCodec.ChangeMessage change = this.codec.change(message);
		if (change != null && !change.pod().equals(this.pod)) {
			this.replica.changed(change.change());
		}
		return true;
	}

}
