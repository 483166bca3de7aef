package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
import org.springframework.data.redis.core.ScanOptions;

/**
 * Loads the fleet's organization index into this pod's: at start, then whenever a sweep
 * newer than the one this pod has was published (looked for every {@link #POLL}, and at
 * once on the sweeping pod's notice). The changes recorded since shortly before that
 * sweep come first, then every organization goes through the index's own rules
 * ({@link IndexReplica#swept}), so that events this pod applied after a read still win,
 * then the sweep completes with the sweeping pod's completion time: the index is trusted
 * here as long as the sweep is recent. An organization read before the published sweep
 * started was not listed by it, and counts as gone. On its own thread, a batch of
 * {@link #BATCH} organizations at a time (HSCAN): no reply holds the whole index.
 */
final class RedisIndexFollower implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RedisIndexFollower.class);

	static final Duration POLL = Duration.ofSeconds(5);

	/** Organizations per HSCAN reply. */
	static final int BATCH = 50;

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys.IndexKeys keys;

	private final RedisIndexCodec codec;

	private final IndexReplica replica;

	private final RedisChangeStream changes;

	private final Duration timeout;

	/**
	 * Completes once this pod has tried to load the fleet's index, whatever came of it.
	 */
	private final CompletableFuture<Boolean> tried = new CompletableFuture<>();

	private final AtomicBoolean checkQueued = new AtomicBoolean();

	private volatile @Nullable ScheduledExecutorService executor;

	RedisIndexFollower(ReactiveStringRedisTemplate redis, RedisKeys keys, RedisIndexCodec codec, IndexReplica replica,
			Duration timeout) {
		this.redis = redis;
		this.keys = keys.index();
		this.codec = codec;
		this.replica = replica;
		this.changes = new RedisChangeStream(redis, keys, timeout);
		this.timeout = timeout;
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
			loaded = loadNewer();
		}
		catch (RuntimeException ex) {
			logger.warn("The fleet's organization index not loaded: {}", ex.toString());
		}
		finally {
			this.tried.complete(loaded);
		}
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
