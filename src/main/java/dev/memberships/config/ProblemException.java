package dev.memberships.config;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An error meant for the caller, answered as RFC 9457 problem+json by
 * {@link ProblemDetailsAdvice}. Its {@code type} is stable per kind of problem; its
 * detail must be safe to show: no upstream body, no exception message from elsewhere.
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String typeSlug;

	private final String title;

	protected ProblemException(HttpStatus status, String typeSlug, String title, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.typeSlug = typeSlug;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public URI type() {
		return ProblemTypes.of(this.typeSlug);
	}

	public String title() {
		return this.title;
	}

	/** Extra members of the problem object, for example the offending parameter. */
	public Map<String, Object> properties() {
		return Map.of();
	}

	/**
	 * Headers the answer carries besides the problem, for example {@code Retry-After}.
	 */
	public Map<String, String> headers() {
		return Map.of();
	}

}
