package dev.memberships.orgindex;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The organization index ({@code docs/organization-index.md}).
 *
 * @param enabled whether to build and answer from it; off, nothing changes
 * @param rate Auth0 requests a second the sweeps may spend, out of the tenant's budget
 * @param sweepInterval between the starts of two full sweeps; a longer sweep runs back to
 * back
 * @param pageSize organizations or members per page; 50 is the public cloud's maximum
 * @param maxMemberships past this many, the index stops and per-user calls take over
 */
@Validated
@ConfigurationProperties("memberships.auth0.index")
public record OrganizationIndexProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("0.5") @DecimalMin("0.01") double rate, @DefaultValue("30m") @NotNull Duration sweepInterval,
		@DefaultValue("50") @Min(1) @Max(100) int pageSize, @DefaultValue("1000000") @Min(1) long maxMemberships) {

	/** Past this age of the last complete sweep, the index is not trusted. */
	Duration trustedFor() {
		return this.sweepInterval.multipliedBy(2);
	}

}
