package dev.memberships.upstream;

import java.time.Instant;

/**
 * A bearer credential for an upstream and the instant it stops being valid.
 *
 * @param value the token itself; never logged
 * @param expiresAt when the upstream stops accepting it
 */
public record AccessToken(String value, Instant expiresAt) {

	@Override
	public String toString() {
		return "AccessToken[expiresAt=" + this.expiresAt + "]";
	}

}
