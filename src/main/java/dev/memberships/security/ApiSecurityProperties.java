package dev.memberships.security;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Who may do what: the scope names the rules check, how much clock skew a token's
 * {@code exp} and {@code nbf} get, and how large a batch request may be. Which tokens are
 * valid at all (issuer, audience, keys) is Spring's
 * {@code spring.security.oauth2.resourceserver.jwt.*}.
 *
 * @param serviceScope the scope a service needs to read any user's memberships and to
 * call {@code POST /memberships/batch}
 * @param adminScope the scope an operator needs for the operator endpoints on the
 * management port (cache eviction)
 * @param clockSkew how far a token's {@code exp} and {@code nbf} may be off the clock of
 * this service; at most 5 minutes
 * @param batchMaxBodySize the largest body {@code POST /memberships/batch} accepts; a
 * larger one is answered {@code 413}
 * @param tokenCache how validated tokens are remembered, so that a token sent again skips
 * the signature check
 */
@Validated
@ConfigurationProperties("memberships.security")
public record ApiSecurityProperties(
		@DefaultValue(ApiSecurityProperties.DEFAULT_SERVICE_SCOPE) @NotNull @Pattern(regexp = SCOPE,
				message = "must be one scope token: printable ASCII, no space, quote or backslash") String serviceScope,
		@DefaultValue(ApiSecurityProperties.DEFAULT_ADMIN_SCOPE) @NotNull @Pattern(regexp = SCOPE,
				message = "must be one scope token: printable ASCII, no space, quote or backslash") String adminScope,
		@DefaultValue("30s") @NotNull @DurationMin(seconds = 0) @DurationMax(minutes = 5) Duration clockSkew,
		@DefaultValue("64KB") @NotNull DataSize batchMaxBodySize, @DefaultValue @Valid TokenCache tokenCache) {

	/** The default {@link #serviceScope()}. */
	public static final String DEFAULT_SERVICE_SCOPE = "read:memberships";

	/** The default {@link #adminScope()}. */
	public static final String DEFAULT_ADMIN_SCOPE = "admin:memberships";

	/** RFC 6749 scope-token: %x21 / %x23-5B / %x5D-7E. */
	static final String SCOPE = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+";

	@AssertTrue(message = "batch-max-body-size must be positive, and service-scope and admin-scope must differ")
	boolean isConsistent() {
		return this.batchMaxBodySize != null && this.batchMaxBodySize.toBytes() > 0 && this.serviceScope != null
				&& !this.serviceScope.equals(this.adminScope);
	}

	/**
	 * The validated tokens remembered ({@link ValidatedTokenCache}): each until its
	 * {@code exp}, and at most {@code maxTtl}.
	 *
	 * @param maximumSize the most tokens remembered; {@code 0} validates every token on
	 * every request
	 * @param maxTtl the longest a token is remembered, whatever its {@code exp}: how long
	 * a key the issuer removed from its JWKS may still be trusted for a token already
	 * seen; 1 second to 1 hour
	 */
	public record TokenCache(@DefaultValue("10000") @Min(0) long maximumSize,
			@DefaultValue("5m") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration maxTtl) {
	}

	/** The authority Spring Security grants for {@link #serviceScope()}. */
	String serviceAuthority() {
		return ScopeAuthorities.PREFIX + this.serviceScope;
	}

	/** The authority Spring Security grants for {@link #adminScope()}. */
	String adminAuthority() {
		return ScopeAuthorities.PREFIX + this.adminScope;
	}

}
