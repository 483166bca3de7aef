package dev.memberships.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.memberships.orgindex.IndexReplica;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Loads the fleet's organization index into this pod's: at start, then whenever a sweep
 * newer than the one this pod has was published (looked for every {@link #POLL}, and at
 * once on the sweeping pod's notice), on its own thread; each load by
 * {@link RedisSweepLoader}.
 */
final class RedisIndexFollower implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RedisIndexFollower.class);

	static final Duration POLL = Duration.ofSeconds(5);

	private final RedisSweepLoader loader;

	/**
	 * Completes once this pod has tried to load the fleet's index, whatever came of it.
	 */
	private final CompletableFuture<Boolean> tried = new CompletableFuture<>();

	private final AtomicBoolean checkQueued = new AtomicBoolean();

	private volatile @Nullable ScheduledExecutorService executor;

	RedisIndexFollower(ReactiveStringRedisTemplate redis, RedisKeys keys, RedisIndexCodec codec, IndexReplica replica,
			Duration timeout) {
		this.loader = new RedisSweepLoader(redis, keys, codec, replica, timeout);
	}

	/** Completes with whether a sweep was loaded, once the first look is over. */
	CompletableFuture<Boolean> firstLook() {
		return this.tried;
	}

	boolean looked() {
		return this.tried.isDone();
	}

	/** Looks for a newer sweep now, as on the sweeping pod's notice. */
	void checkSoon() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null && this.checkQueued.compareAndSet(false, true)) {
			executor.execute(this::check);
		}
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("organization-index-follower").daemon().factory());
		this.executor = executor;
		executor.scheduleWithFixedDelay(this::check, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
			this.executor = null;
		}
		this.tried.complete(false);
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	private void check() {
		this.checkQueued.set(false);
		boolean loaded = false;
		try {
			loaded = this.loader.loadNewer();
		}
		catch (RuntimeException ex) {
			logger.warn("The fleet's organization index not loaded: {}", ex.toString());
		}
		finally {
			this.tried.complete(loaded);
		}
	}

}
