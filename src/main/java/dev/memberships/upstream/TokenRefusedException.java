package dev.memberships.upstream;

/**
 * The upstream refused the access token a call carried (a 401, or an upstream's own
 * "token expired"): {@code AUTH_FAILED}, but a new token may succeed where this one
 * failed. {@link CachedToken#withToken} acts on it.
 */
public final class TokenRefusedException extends UpstreamException {

	/**
	 * A refused token.
	 * @param upstream the upstream's name
	 * @param statusCode the upstream's HTTP status
	 */
	public TokenRefusedException(String upstream, int statusCode) {
		super(upstream, FailureReason.AUTH_FAILED, statusCode);
	}

}
