package dev.memberships.redis;

import java.time.Duration;
import java.util.function.Consumer;

import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The eviction channel every instance publishes on and listens to. Besides evictions it
 * carries the heartbeats of {@link RedisPeers} and the shared organization index's
 * messages, which are handed to them and are no eviction.
 */
final class RedisEvictionChannel {

	private static final Logger log = LoggerFactory.getLogger(RedisEvictionChannel.class);

	private static final Duration RESUBSCRIBE = Duration.ofMillis(100);

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final String channel;

	private final RedisPeers peers;

	private final ClientResources clientResources;

	/** The shared organization index, when on: its changes travel on this channel. */
	private final ObjectProvider<RedisSharedIndex> index;

	private final Disposable.Composite subscriptions = Disposables.composite();

	RedisEvictionChannel(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisKeys keys,
			ClientResources clientResources, RedisPeers peers, ObjectProvider<RedisSharedIndex> index) {
		this.redis = redis;
		this.calls = calls;
		this.channel = keys.evictions();
		this.clientResources = clientResources;
		this.peers = peers;
		this.index = index;
	}

	/** Sends an eviction to every instance, this one included; whether Redis answered. */
	boolean publish(EvictionMessage message) {
		return this.calls.await("publish", this.redis.convertAndSend(this.channel, message.text()));
	}

	/**
	 * Listens until {@link #stop}.
	 * @param apply what to do with an eviction as it arrives from any instance
	 * @param onRegained what to do when the channel works again after evictions may have
	 * been missed
	 */
	void start(Consumer<EvictionMessage> apply, Runnable onRegained) {
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
		this.subscriptions.add(Flux.defer(() -> this.redis.listenToChannel(this.channel))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, RESUBSCRIBE).maxBackoff(Duration.ofSeconds(1)))
			.subscribe((message) -> {
				if (this.peers.heard(message.getMessage()) || (index != null && index.heard(message.getMessage()))) {
					return;
				}
				EvictionMessage eviction = EvictionMessage.parse(message.getMessage());
				if (eviction != null) {
					apply.accept(eviction);
				}
			}, (ex) -> log.warn("Eviction channel closed", ex)));
		this.subscriptions.add(this.peers.start(this.channel, onRegained));
	}

	void stop() {
		this.subscriptions.dispose();
	}

	boolean isRunning() {
		return !this.subscriptions.isDisposed() && this.subscriptions.size() > 0;
	}

}
