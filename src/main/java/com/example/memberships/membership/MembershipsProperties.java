package com.example.memberships.membership;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the memberships endpoint answers.
 *
 * @param deadline the most a request may take, all upstream calls included; a source not
 * answered by then is served stale or reported {@code UNAVAILABLE} with reason
 * {@code timeout}
 * @param cache how long each source's answers are kept
 */
@Validated
@ConfigurationProperties("memberships")
record MembershipsProperties(@DefaultValue("2s") @NotNull Duration deadline, @DefaultValue @Valid Caches cache) {

	/** One cache policy per source. */
	record Caches(@DefaultValue @Valid CachePolicy organizations, @DefaultValue @Valid CachePolicy structures,
			@DefaultValue @Valid CachePolicy userGroups) {
	}

}
