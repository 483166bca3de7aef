package dev.memberships.upstream;

/**
 * Why an upstream call gave no answer. The {@link #code()} is part of the API contract:
 * it is what callers see as a source's {@code reason}.
 */
public enum FailureReason {

	/** The upstream did not answer within the time left. */
	TIMEOUT("timeout"),

	/** Connection refused or reset, or a 5xx. */
	UPSTREAM_ERROR("upstream_error"),

	/**
	 * The upstream answered something we cannot read: not JSON, truncated, wrong shape.
	 */
	BAD_RESPONSE("bad_response"),

	/** Our credentials were refused, or the token endpoint failed. */
	AUTH_FAILED("auth_failed"),

	/** The upstream asked us to slow down, or its advertised budget is spent. */
	RATE_LIMITED("rate_limited"),

	/** The upstream does not know the user or the organization. */
	NOT_FOUND("not_found"),

	/** The upstream refused the request as invalid (a 400 or EnOS 31400). */
	REJECTED("rejected"),

	/** Our application lacks a permission at the upstream (a 403 or EnOS 31403). */
	FORBIDDEN("forbidden"),

	/**
	 * The upstream's circuit breaker is open: it failed too often lately, so it was not
	 * asked.
	 */
	CIRCUIT_OPEN("circuit_open"),

	/**
	 * Too many calls to the upstream were already in flight, so it was not asked.
	 */
	BULKHEAD_FULL("bulkhead_full");

	private final String code;

	FailureReason(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
