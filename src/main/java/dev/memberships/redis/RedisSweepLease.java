package dev.memberships.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.memberships.orgindex.SweepTurn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The turn to sweep the organization index for the whole fleet: a lease in Redis. The pod
 * that holds it keeps it, renewed every {@link #RENEW} while it runs (also during a sweep
 * of hours), and gives it back when it stops; a pod that dies loses it after
 * {@link #LEASE}, and the next pod that finds a sweep due takes it. A pod asks for the
 * turn only once it has tried to load the fleet's index, so that a new pod does not sweep
 * what was just swept. When Redis does not answer, the pod keeps what it knew: the holder
 * sweeps on, the others do not start.
 */
final class RedisSweepLease implements SweepTurn, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RedisSweepLease.class);

	static final Duration LEASE = Duration.ofSeconds(15);

	static final Duration RENEW = Duration.ofSeconds(5);

	/** Takes a free lease or renews our own. KEYS: lease; ARGV: our token, lease ms. */
	private static final RedisScript<Long> TAKE = RedisScript.of("""
			local holder = redis.call('GET', KEYS[1])
			if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
			if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
			return 0
			""", Long.class);

	/** Renews our own lease only. KEYS: lease; ARGV: our token, lease ms. */
	private static final RedisScript<Long> RENEW_OWN = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			return 0
			""", Long.class);

	/** Gives the lease back only if it is still ours. KEYS: lease; ARGV: our token. */
	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final List<String> key;

	private final List<String> arguments;

	private final BooleanSupplier loaded;

	private volatile boolean held;

	private volatile Disposable renewals = Disposables.disposed();

	/**
	 * A lease, not held yet.
	 * @param loaded whether this pod has tried to load the fleet's index yet
	 */
	RedisSweepLease(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisKeys keys, BooleanSupplier loaded) {
		this.redis = redis;
		this.calls = calls;
		this.key = List.of(keys.index().sweeper());
		this.arguments = List.of(UUID.randomUUID().toString(), Long.toString(LEASE.toMillis()));
		this.loaded = loaded;
	}

	@Override
	public boolean mine() {
		if (!this.loaded.getAsBoolean()) {
			return false;
		}
		Long taken = this.calls.call("index-lease", this.redis.execute(TAKE, this.key, this.arguments).next()).block();
		if (taken != null) {
			changed(taken == 1);
		}
		return this.held;
	}

	private void changed(boolean held) {
		if (held != this.held) {
			logger.info(held ? "This pod sweeps the organization index for the fleet"
					: "Another pod sweeps the organization index for the fleet now");
		}
		this.held = held;
	}

	@Override
	public synchronized void start() {
		if (!this.renewals.isDisposed()) {
			return;
		}
		this.renewals = Flux.interval(RENEW)
			.onBackpressureDrop()
			.filter((tick) -> this.held)
			.concatMap((tick) -> this.calls.call("index-lease",
					this.redis.execute(RENEW_OWN, this.key, this.arguments)
						.next()
						.doOnNext((renewed) -> changed(renewed == 1))),
					1)
			.subscribe();
	}

	@Override
	public synchronized void stop() {
		this.renewals.dispose();
		if (this.held) {
			this.held = false;
			this.calls.call("index-lease", this.redis.execute(RELEASE, this.key, this.arguments.subList(0, 1)).next())
				.onErrorResume((ex) -> Mono.empty())
				.block();
		}
	}

	@Override
	public boolean isRunning() {
		return !this.renewals.isDisposed();
	}

}
