package dev.memberships.redis;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

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
 * environments can share one Redis; no glob ({@code * ? [ ] \}) or hash-tag ({@code { }})
 * character, since keys are swept by pattern and grouped by hash tag
 * @param timeout the longest any Redis operation may take; past it the instance goes on
 * without Redis for that operation (one slow operation in a row is waited for twice as
 * long, see {@link RedisCalls})
 * @param commandTimeout the longest Lettuce keeps any command, also one nobody waits for
 * any more, and the bound of each batch of an evict-all
 * @param heartbeat how often each instance sends itself a message on the eviction
 * channel; three missed in a row mean the channel was lost
 * @param lease how long the instance loading a key keeps the others waiting for its
 * answer before one of them loads it itself; shorter than {@code memberships.deadline}
 * @param leasePoll how often a waiting instance looks for the lease holder's answer
 * @param auth0Rate the tenant's Auth0 Management API rate, shared by every instance; none
 * by default: then the instances share only what Auth0 answers (429, {@code Retry-After},
 * {@code X-RateLimit-*})
 */
@Validated
@ConfigurationProperties("memberships.redis")
record RedisLevelProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("memberships") @NotBlank @Pattern(regexp = "[^*?\\[\\]\\\\{}]+",
				message = "must not contain glob or hash-tag characters (* ? [ ] \\ { })") String keyPrefix,
		@DefaultValue("50ms") @NotNull @DurationMin(millis = 5) Duration timeout,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 100) Duration commandTimeout,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 100) Duration heartbeat,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 100) Duration lease,
		@DefaultValue("20ms") @NotNull @DurationMin(millis = 5) Duration leasePoll, @Valid @Nullable Rate auth0Rate) {

	/** The switch's property name. */
	public static final String ENABLED = "memberships.redis.enabled";

	/** Whether a waiting instance looks for the answer more than once per lease. */
	@AssertTrue(message = "lease-poll must be shorter than lease")
	boolean isLeasePollShorterThanLease() {
		return this.leasePoll == null || this.lease == null || this.leasePoll.compareTo(this.lease) < 0;
	}

	/**
	 * A token bucket's size.
	 *
	 * @param perSecond requests the whole tenant may send a second
	 * @param burst requests that may go at once after a quiet time
	 */
	public record Rate(@DecimalMin("0.1") double perSecond, @DefaultValue("2") @Min(1) int burst) {
	}

}
