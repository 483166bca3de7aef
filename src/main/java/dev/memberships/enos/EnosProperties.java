package dev.memberships.enos;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.URL;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the EnOS API gateway.
 *
 * @param baseUrl the gateway address, for example
 * {@code https://apim-ppe1.envisioniot.com}
 * @param appKey the EnOS application's key
 * @param appSecret the EnOS application's secret; signs every request, never sent
 * @param organizationId the OU asked about when a request names none
 * @param connectTimeout how long a TCP connect may take
 * @param maxBodySize the largest answer read, in bytes; a larger one is a bad response
 */
@Validated
@ConfigurationProperties("memberships.enos")
public record EnosProperties(@NotBlank @URL @Pattern(regexp = "https?://.+") String baseUrl, @NotBlank String appKey,
		@NotBlank String appSecret, @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String organizationId,
		@DefaultValue("1s") @NotNull Duration connectTimeout, @DefaultValue("2097152") @Min(1024) int maxBodySize) {

	@Override
	public String toString() {
		return "EnosProperties[baseUrl=" + this.baseUrl + ", appKey=" + this.appKey + ", organizationId="
				+ this.organizationId + "]";
	}

}
