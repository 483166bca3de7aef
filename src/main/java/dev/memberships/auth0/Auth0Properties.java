package dev.memberships.auth0;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.URL;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the Auth0 Management API.
 *
 * @param baseUrl the tenant, for example {@code https://acme.eu.auth0.com}
 * @param clientId the machine-to-machine application allowed {@code read:organizations}
 * @param clientSecret its secret
 * @param audience the Management API audience; {@code {base-url}/api/v2/} when not set
 * @param pageSize organizations asked for per page (Auth0 serves at most 100)
 * @param connectTimeout how long a TCP connect may take
 * @param maxBodySize the largest answer read, in bytes; a larger one is a bad response
 */
@Validated
@ConfigurationProperties("memberships.auth0")
public record Auth0Properties(@NotBlank @URL @Pattern(regexp = "https?://.+") String baseUrl, @NotBlank String clientId,
		@NotBlank String clientSecret, @URL String audience, @DefaultValue("100") @Min(1) @Max(100) int pageSize,
		@DefaultValue("1s") @NotNull Duration connectTimeout, @DefaultValue("2097152") @Min(1024) int maxBodySize) {

	/** The audience asked for in the client-credentials grant. */
	public String effectiveAudience() {
		if (this.audience != null && !this.audience.isBlank()) {
			return this.audience;
		}
		return (this.baseUrl.endsWith("/") ? this.baseUrl : this.baseUrl + "/") + "api/v2/";
	}

	@Override
	public String toString() {
		return "Auth0Properties[baseUrl=" + this.baseUrl + ", clientId=" + this.clientId + ", audience="
				+ effectiveAudience() + "]";
	}

}
