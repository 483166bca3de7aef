package dev.memberships.redis;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The shared level on Redis, {@code memberships.redis.*}. Where Redis is, is Boot's
 * {@code spring.data.redis.*}.
 *
 * @param enabled whether the replicas share caches, evictions and the Auth0 gate through
 * Redis; off, the service uses no Redis at all
 * @param keyPrefix the first part of every key and channel, so that several services or
 * environments can share one Redis
 * @param timeout the longest any Redis operation may take; past it the instance goes on
 * without Redis for that operation
 * @param lease how long the instance loading a key keeps the others waiting for its
 * answer before one of them loads it itself
 * @param leasePoll how often a waiting instance looks for the lease holder's answer
 * @param auth0Rate the tenant's Auth0 Management API rate, shared by every instance
 */
@Validated
@ConfigurationProperties("memberships.redis")
public record RedisLevelProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("memberships") @NotBlank String keyPrefix, @DefaultValue("50ms") @NotNull Duration timeout,
		@DefaultValue("2s") @NotNull Duration lease, @DefaultValue("20ms") @NotNull Duration leasePoll,
		@DefaultValue @Valid @NotNull Rate auth0Rate) {

	/** The switch's property name. */
	public static final String ENABLED = "memberships.redis.enabled";

	/**
	 * A token bucket's size.
	 *
	 * @param perSecond requests the whole tenant may send a second
	 * @param burst requests that may go at once after a quiet time
	 */
	public record Rate(@DefaultValue("2") @DecimalMin("0.1") double perSecond, @DefaultValue("2") @Min(1) int burst) {
	}

}
