package dev.memberships.membership.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * How one source contributed to an answer.
 *
 * @param status whether its list is fresh, served from an older copy, or missing
 * @param reason why it is missing ({@code timeout}, {@code rate_limited}, ...); only when
 * {@code UNAVAILABLE}
 * @param ageSeconds how old the served copy is; only when {@code STALE}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceStatus(State status, @Nullable String reason, @Nullable Long ageSeconds) {

	public static final SourceStatus OK = new SourceStatus(State.OK, null, null);

	public static SourceStatus stale(long ageSeconds) {
		return new SourceStatus(State.STALE, null, ageSeconds);
	}

	public static SourceStatus unavailable(String reason) {
		return new SourceStatus(State.UNAVAILABLE, reason, null);
	}

	/** The states a source can be in. */
	public enum State {

		/** Answered by the upstream for this request, or from a copy still fresh. */
		OK,

		/** The upstream failed; an older copy is served. */
		STALE,

		/** The upstream failed and no copy could be served: the list is empty. */
		UNAVAILABLE

	}

}
