package dev.memberships.membership;

import java.time.Duration;

import dev.memberships.membership.cache.CachePolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the memberships endpoint answers; its deadline is
 * {@link dev.memberships.upstream.DeadlineProperties}.
 *
 * @param cache how long each source's answers are kept
 * @param batching how cache misses for EnOS are gathered into batch calls
 */
@Validated
@ConfigurationProperties("memberships")
record MembershipsProperties(@DefaultValue @Valid Caches cache, @DefaultValue @Valid Batching batching) {

	/**
	 * How EnOS cache misses travel together.
	 *
	 * @param window how long a miss waits for others of its OU while the OU is busy; the
	 * most coalescing adds to a request's latency
	 * @param eagerBelow misses a second of one OU (and endpoint) under which each goes to
	 * EnOS at once, without waiting for company
	 * @param eagerInFlight unanswered EnOS calls of one OU (and endpoint) from which
	 * misses wait for company whatever their rate; below the bulkhead's 64
	 * @param maxSize the most users in one EnOS call (EnOS takes 1,000)
	 * @param maxExtraCalls the most extra calls spent isolating users outside the OU in
	 * one poisoned user-groups batch
	 * @param maxUsers the most user ids in one {@code POST /memberships/batch}
	 * @param auth0Concurrency how many Auth0 calls one batch request makes at once; Auth0
	 * has no batch API and a tiny rate limit
	 */
	record Batching(@DefaultValue("200ms") @NotNull Duration window, @DefaultValue("400") @Min(1) int eagerBelow,
			@DefaultValue("32") @Min(1) int eagerInFlight, @DefaultValue("1000") @Min(1) @Max(1000) int maxSize,
			@DefaultValue("64") @Min(0) int maxExtraCalls, @DefaultValue("1000") @Min(1) @Max(1000) int maxUsers,
			@DefaultValue("4") @Min(1) int auth0Concurrency) {
	}

	/**
	 * One cache policy per source.
	 *
	 * @param organizations Auth0 organizations per user
	 * @param structures EnOS structures per OU, user and locale
	 * @param userGroups EnOS user groups per OU and user
	 * @param unknownUserTtl how long a user Auth0 answered 404 for is answered 404
	 * @param renderedAnswers how many answers made of fresh entries are kept as JSON, so
	 * that a cached answer is not serialized again (about 1 KB each) without asking again
	 * ({@code Cache-Control: no-cache} asks anyway)
	 */
	record Caches(@DefaultValue @Valid CachePolicy organizations, @DefaultValue @Valid CachePolicy structures,
			@DefaultValue @Valid CachePolicy userGroups, @DefaultValue("30s") @NotNull Duration unknownUserTtl,
			@DefaultValue("20000") @Min(1) int renderedAnswers) {
	}

}
