package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.memberships.upstream.TenantGate;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One upstream's tenant-wide gate in Redis, shared by every instance: "no request before
 * T" where the latest T any instance learned wins, and a token bucket sized to the
 * tenant's rate. Both are Lua scripts, so each decision is one atomic round trip, and the
 * bucket keeps time by Redis' own clock, the same for every instance. A Lua bucket rather
 * than Bucket4j's Lettuce integration: the closed-until check and the token must be one
 * atomic step, and Bucket4j would add a second, blocking client next to Spring Data's
 * reactive one. When Redis does not answer, every call may go and the instance's own gate
 * decides alone.
 */
class RedisTenantGate implements TenantGate {

	/**
	 * Returns 0 when a call may go (and takes a token), else the milliseconds to wait.
	 * KEYS: closed-until, bucket; ARGV: tokens per millisecond, burst.
	 */
	private static final RedisScript<Long> PERMIT = RedisScript.of("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local closed = tonumber(redis.call('GET', KEYS[1]) or '0')
			if closed > now then return closed - now end
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

	/** Moves "closed until" later, never earlier. KEYS: closed-until; ARGV: epoch ms. */
	private static final RedisScript<Long> CLOSE = RedisScript.of("""
			local closed = tonumber(ARGV[1])
			if closed > tonumber(redis.call('GET', KEYS[1]) or '0') then
			  redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
			  return 1
			end
			return 0
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final List<String> keys;

	private final List<String> rate;

	RedisTenantGate(ReactiveStringRedisTemplate redis, RedisCalls calls, String keyPrefix, String upstream,
			RedisLevelProperties.Rate rate) {
		this.redis = redis;
		this.calls = calls;
		// One hash tag: both keys in one slot, so that a script may use both in a
		// cluster.
		String gate = keyPrefix + ":v1:gate:{" + upstream + "}";
		this.keys = List.of(gate + ":closed-until", gate + ":bucket");
		this.rate = List.of(Double.toString(rate.perSecond() / 1000), Integer.toString(rate.burst()));
	}

	@Override
	public Mono<Duration> permit() {
		return this.calls.call("gate-permit", this.redis.execute(PERMIT, this.keys, this.rate).next())
			.map(Duration::ofMillis)
			.defaultIfEmpty(Duration.ZERO);
	}

	@Override
	public void closedUntil(Instant until) {
		this.calls
			.call("gate-close",
					this.redis.execute(CLOSE, this.keys.subList(0, 1), List.of(Long.toString(until.toEpochMilli())))
						.next())
			.subscribe();
	}

}
