package dev.memberships.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Every instance sends a heartbeat on the eviction channel each {@code heartbeat}
 * interval, and hears everyone's. From them an instance knows
 * <ul>
 * <li>whether its own subscription works: a Redis that hangs without closing the
 * connection, or a subscriber connection that died silently, delivers no heartbeat, so
 * after three missed intervals the channel counts as lost, evictions may have been
 * missed, and the instance forgets its local copies once its own heartbeat arrives again
 * ({@link #onRegained});</li>
 * <li>how many instances there are ({@link #replicas}), for the share of the tenant's
 * rate an instance takes when it must decide alone.</li>
 * </ul>
 * The channel itself rather than a {@code PING} on the subscriber connection: Spring's
 * listener container does not hand that connection out, and the heartbeat proves the
 * whole path an eviction takes.
 */
final class RedisPeers {

	private static final Logger log = LoggerFactory.getLogger(RedisPeers.class);

	private static final String HEARTBEAT = "HEARTBEAT:";

	/** Intervals without one's own heartbeat before the channel counts as lost. */
	private static final int MISSED_BEATS = 3;

	private final String self = UUID.randomUUID().toString();

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final Duration heartbeat;

	private final Clock clock;

	private final Map<String, Long> heard = new ConcurrentHashMap<>();

	private final AtomicInteger replicas = new AtomicInteger(1);

	private final AtomicBoolean lost = new AtomicBoolean();

	private volatile long started;

	private volatile Runnable onRegained = () -> {
	};

	RedisPeers(ReactiveStringRedisTemplate redis, RedisCalls calls, Duration heartbeat, Clock clock) {
		this.redis = redis;
		this.calls = calls;
		this.heartbeat = heartbeat;
		this.clock = clock;
	}

	/**
	 * Starts sending heartbeats on a channel; the caller hands what arrives there to
	 * {@link #heard}.
	 * @param channel the eviction channel
	 * @param onRegained what to do when the channel works again after it was lost
	 * @return what stops the heartbeats
	 */
	Disposable start(String channel, Runnable onRegained) {
		this.onRegained = onRegained;
		this.started = this.clock.millis();
		return Flux.interval(Duration.ZERO, this.heartbeat).onBackpressureDrop().concatMap((tick) -> {
			check();
			return this.calls.call("heartbeat", this.redis.convertAndSend(channel, HEARTBEAT + this.self));
		}, 1).subscribe();
	}

	/**
	 * Takes a message from the channel.
	 * @return whether it was a heartbeat (and is no eviction)
	 */
	boolean heard(String message) {
		if (!message.startsWith(HEARTBEAT)) {
			return false;
		}
		String sender = message.substring(HEARTBEAT.length());
		this.heard.put(sender, this.clock.millis());
		if (sender.equals(this.self) && this.lost.compareAndSet(true, false)) {
			log.info("The eviction channel works again: forgetting this instance's cached answers, "
					+ "evictions may have been missed");
			this.onRegained.run();
		}
		return true;
	}

	/**
	 * Marks the channel lost, for example because a connection to Redis closed: the
	 * instance forgets its local copies when its own heartbeat arrives again.
	 */
	void maybeMissed() {
		this.lost.set(true);
	}

	/**
	 * The instances heard from lately, this one included; when the channel is lost, the
	 * count from before.
	 */
	int replicas() {
		return this.replicas.get();
	}

	private void check() {
		long now = this.clock.millis();
		long silence = this.heartbeat.toMillis() * MISSED_BEATS;
		long own = this.heard.getOrDefault(this.self, this.started);
		if (now - own > silence) {
			if (this.lost.compareAndSet(false, true)) {
				log.warn("No heartbeat of this instance's own on the eviction channel for {} ms: "
						+ "evictions may be missed until it is back", now - own);
			}
			return;
		}
		this.heard.values().removeIf((at) -> now - at > silence);
		this.replicas.set(Math.max(1, this.heard.size()));
	}

}
