package dev.memberships.redis;

import java.time.Clock;

import dev.memberships.membership.cache.CachePolicy;
import dev.memberships.membership.cache.SharedLevel;
import dev.memberships.upstream.DeadlineProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The shared level on Redis: every source's entries, written when loaded and kept as long
 * as the source's max-stale, read before any upstream is asked.
 */
@Component
@ConditionalOnBooleanProperty(RedisLevelProperties.ENABLED)
class RedisSharedLevel implements SharedLevel {

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final RedisLevelProperties properties;

	private final RedisKeys keys;

	private final JsonMapper json;

	private final Clock clock;

	RedisSharedLevel(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisLevelProperties properties,
			RedisKeys keys, JsonMapper json, ObjectProvider<Clock> clock, DeadlineProperties memberships) {
		if (properties.lease().compareTo(memberships.deadline()) >= 0) {
			// A pod waiting for a holder that died takes the lease over only when it
			// expires; at or past the deadline that is never in time for an answer.
			throw new IllegalStateException("memberships.redis.lease (" + properties.lease()
					+ ") must be shorter than memberships.deadline (" + memberships.deadline() + ")");
		}
		this.redis = redis;
		this.calls = calls;
		this.properties = properties;
		this.keys = keys;
		this.json = json;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@Override
	public <K, V> Source<K, V> source(SourceName<K> name, CachePolicy policy, Class<?> elementType) {
		return new RedisSharedSource<>(name, policy, new RedisEntries<>(this.json, elementType, this.clock), this.redis,
				this.calls, this.keys, this.properties, this.clock);
	}

}
