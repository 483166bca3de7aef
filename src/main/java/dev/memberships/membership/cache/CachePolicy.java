package dev.memberships.membership.cache;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long one source's answers are kept and served.
 *
 * @param ttl how long an answer is fresh
 * @param refreshAfter past this age a read refreshes the entry in the background; below
 * {@code ttl} so hot entries never go stale
 * @param maxStale the oldest answer served when the upstream fails; older is
 * {@code UNAVAILABLE}
 * @param maximumSize the most entries kept
 */
public record CachePolicy(@DefaultValue("5m") @NotNull Duration ttl, @DefaultValue("4m") @NotNull Duration refreshAfter,
		@DefaultValue("1h") @NotNull Duration maxStale, @DefaultValue("100000") @Min(1) long maximumSize) {

	@AssertTrue(message = "refresh-after must be positive and shorter than ttl, and max-stale at least ttl")
	boolean isConsistent() {
		return this.refreshAfter.isPositive() && this.refreshAfter.compareTo(this.ttl) < 0
				&& this.maxStale.compareTo(this.ttl) >= 0;
	}

}
