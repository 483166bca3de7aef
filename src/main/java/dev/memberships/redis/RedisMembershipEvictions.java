package dev.memberships.redis;

import java.util.List;

import dev.memberships.membership.LocalMembershipEvictions;
import dev.memberships.membership.evictions.MembershipEvictions;
import io.lettuce.core.resource.ClientResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Evictions that reach every instance: the entries of the shared level are deleted, the
 * eviction is published on a channel, and every instance (this one included) forgets its
 * own copies when the message arrives. Pub/sub delivers at most once, so an instance
 * whose connection to Redis closed, or whose own heartbeat stopped arriving (a Redis that
 * hangs, see {@link RedisPeers}), forgets everything once its heartbeat is back. This
 * instance forgets at once as well, so that the caller's eviction holds here even when
 * Redis does not answer.
 */
@Component
@Primary
@ConditionalOnBooleanProperty(RedisLevelProperties.ENABLED)
class RedisMembershipEvictions implements MembershipEvictions, SmartLifecycle {

	private final LocalMembershipEvictions local;

	private final RedisSharedDeletes shared;

	private final RedisEvictionChannel channel;

	private final RedisKeys keys;

	private final RedisSweep sweep;

	RedisMembershipEvictions(LocalMembershipEvictions local, ReactiveStringRedisTemplate redis, RedisCalls calls,
			RedisKeys keys, ClientResources clientResources, RedisSweep sweep, RedisPeers peers,
			ObjectProvider<RedisSharedIndex> index) {
		this.local = local;
		this.shared = new RedisSharedDeletes(redis, calls, keys);
		this.channel = new RedisEvictionChannel(redis, calls, keys, clientResources, peers, index);
		this.keys = keys;
		this.sweep = sweep;
	}

	@Override
	public void evictUser(String userId) {
		this.local.evictUser(userId);
		this.shared.user(userId);
		this.channel.publish(EvictionMessage.user(userId));
	}

	@Override
	public boolean evictOrganizationsOf(String userId) {
		this.local.evictOrganizationsOf(userId);
		boolean deleted = this.shared.organizationsOf(userId);
		return this.channel.publish(EvictionMessage.organizationsOf(userId)) && deleted;
	}

	@Override
	public boolean markOrganizationsStale(String userId) {
		// The shared entry goes first, so that the refresh it calls for cannot take it
		// back.
		boolean deleted = this.shared.organizationsOf(userId);
		this.local.markStale(List.of(userId));
		return this.channel.publish(EvictionMessage.organizationsStale(userId)) && deleted;
	}

	@Override
	public boolean markOrganizationMembersStale(String organizationId) {
		// Members are known by the instances that cached them: each deletes the shared
		// entries of its own and marks its copies when the message arrives, this one
		// before it answers.
		List<String> members = this.local.organizationMembers(organizationId);
		boolean deleted = Boolean.TRUE.equals(this.shared.organizationsOf(members).block());
		this.local.markStale(members);
		return this.channel.publish(EvictionMessage.organizationMembers(organizationId)) && deleted;
	}

	@Override
	public AllEvicted evictAll() {
		this.local.evictAll();
		RedisSweep.Swept swept = this.sweep.sweep(this.keys.allEntries());
		this.channel.publish(EvictionMessage.all());
		return new AllEvicted(swept.deleted(), swept.complete(), swept.failure());
	}

	/** Applies an eviction to this instance, as it arrives from any instance. */
	private void apply(EvictionMessage message) {
		switch (message.kind()) {
			case USER -> this.local.evictUser(message.id());
			case ORGANIZATIONS_OF -> this.local.evictOrganizationsOf(message.id());
			case ORGANIZATIONS_STALE -> this.local.markStale(List.of(message.id()));
			case ORGANIZATION_MEMBERS -> {
				// On a Redis thread: deletes, then marks, without blocking it.
				List<String> members = this.local.organizationMembers(message.id());
				this.shared.organizationsOf(members).doFinally((signal) -> this.local.markStale(members)).subscribe();
			}
			case ALL -> this.local.evictAll();
		}
	}

	@Override
	public void start() {
		this.channel.start(this::apply, this.local::evictAll);
	}

	@Override
	public void stop() {
		this.channel.stop();
	}

	@Override
	public boolean isRunning() {
		return this.channel.isRunning();
	}

}
