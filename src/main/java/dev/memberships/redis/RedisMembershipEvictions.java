package dev.memberships.redis;

import java.time.Duration;
import java.util.List;

import dev.memberships.membership.LocalMembershipEvictions;
import dev.memberships.membership.evictions.MembershipEvictions;
import dev.memberships.upstream.Upstreams;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
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

	private static final Logger log = LoggerFactory.getLogger(RedisMembershipEvictions.class);

	/** Deletes every entry of one user. KEYS: the user's index. */
	static final RedisScript<Long> EVICT_USER = RedisScript.of("""
			local keys = redis.call('SMEMBERS', KEYS[1])
			for _, key in ipairs(keys) do redis.call('DEL', key) end
			redis.call('DEL', KEYS[1])
			return #keys
			""", Long.class);

	private static final Duration RESUBSCRIBE = Duration.ofMillis(100);

	/**
	 * Keys per delete of an organization's members: one round trip each, none too long.
	 */
	static final int DELETE_BATCH = 500;

	private final LocalMembershipEvictions local;

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final RedisKeys keys;

	private final RedisSweep sweep;

	private final RedisPeers peers;

	private final ClientResources clientResources;

	private final Disposable.Composite subscriptions = Disposables.composite();

	/** The shared organization index, when on: its changes travel on this channel. */
	private final ObjectProvider<RedisSharedIndex> index;

	RedisMembershipEvictions(LocalMembershipEvictions local, ReactiveStringRedisTemplate redis, RedisCalls calls,
			RedisKeys keys, ClientResources clientResources, RedisSweep sweep, RedisPeers peers,
			ObjectProvider<RedisSharedIndex> index) {
		this.index = index;
		this.sweep = sweep;
		this.peers = peers;
		this.local = local;
		this.redis = redis;
		this.calls = calls;
		this.keys = keys;
		this.clientResources = clientResources;
	}

	@Override
	public void evictUser(String userId) {
		this.local.evictUser(userId);
		await("evict", this.redis.execute(EVICT_USER, List.of(this.keys.userIndex(userId))).next());
		publish(EvictionMessage.user(userId));
	}

	@Override
	public boolean evictOrganizationsOf(String userId) {
		this.local.evictOrganizationsOf(userId);
		boolean deleted = await("evict", this.redis.delete(organizationsEntry(userId)));
		return publish(EvictionMessage.organizationsOf(userId)) && deleted;
	}

	@Override
	public boolean markOrganizationsStale(String userId) {
		// The shared entry goes first, so that the refresh it calls for cannot take it
		// back.
		boolean deleted = await("evict", this.redis.delete(organizationsEntry(userId)));
		this.local.markStale(List.of(userId));
		return publish(EvictionMessage.organizationsStale(userId)) && deleted;
	}

	@Override
	public boolean markOrganizationMembersStale(String organizationId) {
		// Members are known by the instances that cached them: each deletes the shared
		// entries of its own and marks its copies when the message arrives, this one
		// before it answers.
		List<String> members = this.local.organizationMembers(organizationId);
		boolean deleted = Boolean.TRUE.equals(deleteShared(members).block());
		this.local.markStale(members);
		return publish(EvictionMessage.organizationMembers(organizationId)) && deleted;
	}

	/**
	 * Deletes the shared organizations entries of many users, {@value #DELETE_BATCH} keys
	 * a command, each command under its own timeout, one after the other.
	 * @return whether every command answered
	 */
	private Mono<Boolean> deleteShared(List<String> userIds) {
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

	@Override
	public AllEvicted evictAll() {
		this.local.evictAll();
		RedisSweep.Swept swept = this.sweep.sweep(this.keys.allEntries());
		publish(EvictionMessage.all());
		return new AllEvicted(swept.deleted(), swept.complete(), swept.failure());
	}

	private boolean publish(EvictionMessage message) {
		return await("publish", this.redis.convertAndSend(this.keys.evictions(), message.text()));
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
				deleteShared(members).doFinally((signal) -> this.local.markStale(members)).subscribe();
			}
			case ALL -> this.local.evictAll();
		}
	}

	/** Whether Redis answered; bounded by the operation timeout, never fails. */
	private boolean await(String operation, Mono<?> command) {
		return Boolean.TRUE.equals(this.calls.call(operation, command).hasElement().block());
	}

	@Override
	public void start() {
		// Until its own heartbeat arrives, this instance cannot know what it missed; the
		// same after any connection to Redis closed (the subscriber's among them): it
		// forgets once the channel is proven to work again, not when just any connection
		// is back.
		this.peers.maybeMissed();
		this.subscriptions.add(this.clientResources.eventBus().get().subscribe((event) -> {
			if (event instanceof ConnectionDeactivatedEvent) {
				this.peers.maybeMissed();
			}
		}));
		RedisSharedIndex index = this.index.getIfAvailable();
		this.subscriptions.add(Flux.defer(() -> this.redis.listenToChannel(this.keys.evictions()))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, RESUBSCRIBE).maxBackoff(Duration.ofSeconds(1)))
			.subscribe((message) -> {
				if (this.peers.heard(message.getMessage()) || (index != null && index.heard(message.getMessage()))) {
					return;
				}
				EvictionMessage eviction = EvictionMessage.parse(message.getMessage());
				if (eviction != null) {
					apply(eviction);
				}
			}, (ex) -> log.warn("Eviction channel closed", ex)));
		this.subscriptions.add(this.peers.start(this.keys.evictions(), this.local::evictAll));
	}

	@Override
	public void stop() {
		this.subscriptions.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.subscriptions.isDisposed() && this.subscriptions.size() > 0;
	}

}
