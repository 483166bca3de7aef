package dev.memberships.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.memberships.upstream.TenantGate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One upstream's tenant-wide gate in Redis, shared by every instance: "no request before
 * T" where the latest T any instance learned wins and, only when the operator sets the
 * tenant's rate, a token bucket sized to it. Both are Lua scripts, so each decision is
 * one atomic round trip, and both keep time by Redis' own clock, the same for every
 * instance: an instance hands over how long the upstream is closed, never its own idea of
 * the time. A Lua bucket rather than Bucket4j's Lettuce integration: the closed-until
 * check and the token must be one atomic step, and Bucket4j would add a second, blocking
 * client next to Spring Data's reactive one.
 * <p>
 * When Redis does not answer, the instance's own gate decides, and with a configured rate
 * it takes only its share: the rate and burst divided by the instances it last heard of
 * ({@link RedisPeers}), so that N instances deciding alone together still stay under the
 * tenant's rate.
 */
class RedisTenantGate implements TenantGate {

	/**
	 * Returns 0 when a call may go (and takes a token), else the milliseconds to wait.
	 * KEYS: closed-until, bucket; ARGV: tokens per millisecond (empty: no bucket), burst.
	 */
	static final RedisScript<Long> PERMIT = RedisScript.of("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local closed = tonumber(redis.call('GET', KEYS[1]) or '0')
			if closed > now then return closed - now end
			if ARGV[1] == '' then return 0 end
			local rate = tonumber(ARGV[1])
			local burst = tonumber(ARGV[2])
			local bucket = redis.call('HMGET', KEYS[2], 'tokens', 'at')
			local tokens = tonumber(bucket[1]) or burst
			local at = tonumber(bucket[2]) or now
			tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
			local wait = 0
			if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
			redis.call('HSET', KEYS[2], 'tokens', tostring(tokens), 'at', tostring(now))
			redis.call('PEXPIRE', KEYS[2], math.ceil(burst / rate) + 1000)
			return wait
			""", Long.class);

	/**
	 * Moves "closed until" later, never earlier, by Redis' clock. KEYS: closed-until;
	 * ARGV: milliseconds from now.
	 */
	static final RedisScript<Long> CLOSE = RedisScript.of("""
			local time = redis.call('TIME')
			local closed = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + tonumber(ARGV[1])
			if closed > tonumber(redis.call('GET', KEYS[1]) or '0') then
			  redis.call('SET', KEYS[1], tostring(closed), 'PXAT', closed)
			  return 1
			end
			return 0
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final List<String> keys;

	private final List<String> rate;

	private final @Nullable LocalShare alone;

	private final Clock clock;

	RedisTenantGate(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisKeys keys, String upstream,
			RedisLevelProperties.@Nullable Rate rate, RedisPeers peers, Clock clock) {
		this.redis = redis;
		this.calls = calls;
		this.clock = clock;
		this.keys = keys.gate(upstream);
		this.rate = (rate != null) ? List.of(Double.toString(rate.perSecond() / 1000), Integer.toString(rate.burst()))
				: List.of("", "0");
		this.alone = (rate != null) ? new LocalShare(rate, peers::replicas, clock) : null;
	}

	@Override
	public Mono<Duration> permit() {
		return this.calls.call("gate-permit", this.redis.execute(PERMIT, this.keys, this.rate).next())
			.map(Duration::ofMillis)
			.switchIfEmpty(Mono.fromSupplier(() -> (this.alone != null) ? this.alone.permit() : Duration.ZERO));
	}

	@Override
	public void closedUntil(Instant until) {
		long closedFor = Duration.between(this.clock.instant(), until).toMillis();
		if (closedFor <= 0) {
			return;
		}
		this.calls
			.call("gate-close",
					this.redis.execute(CLOSE, this.keys.subList(0, 1), List.of(Long.toString(closedFor))).next())
			.subscribe();
	}

}
