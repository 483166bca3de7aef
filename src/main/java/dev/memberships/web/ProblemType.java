package dev.memberships.web;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Every kind of problem this service answers with, and the one factory of their RFC 9457
 * bodies: each kind has a stable {@code type} (a relative reference documented in
 * {@code docs/api.md}), a title and a status, wherever the body is written (the advice,
 * the security handlers, Tomcat's error report). The detail must be safe to show: no
 * upstream body, token, header value or exception message from elsewhere.
 */
public enum ProblemType {

	/** A request parameter is not valid; the member {@code parameter} names it. */
	INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter"),

	/**
	 * An Auth0 change event the caches cannot act on; the member {@code member} names
	 * what is missing or wrong.
	 */
	INVALID_EVENT(HttpStatus.BAD_REQUEST, "invalid-event", "Invalid event"),

	/** The firewall or Tomcat refused the request before any rule. */
	REJECTED_REQUEST(HttpStatus.BAD_REQUEST, "rejected-request", "Request rejected"),

	/** No valid bearer token. */
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized"),

	/** A valid token without the right. */
	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden"),

	/** A body over the configured limit. */
	CONTENT_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "Content too large"),

	/** Auth0, the identity source, does not know the user. */
	USER_NOT_FOUND(HttpStatus.NOT_FOUND, "user-not-found", "User not found"),

	/** EnOS does not know the organization unit. */
	ORGANIZATION_NOT_FOUND(HttpStatus.NOT_FOUND, "organization-not-found", "Organization not found"),

	/** No source could answer; the member {@code sources} gives each one's status. */
	SOURCES_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "sources-unavailable", "Sources unavailable"),

	/** Too many requests in progress; {@code Retry-After} says when to try again. */
	OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Overloaded"),

	/**
	 * An Auth0 change event applied on this instance only, since the shared level did not
	 * answer; {@code Retry-After} says when Auth0 should deliver it again.
	 */
	EVENT_NOT_APPLIED(HttpStatus.SERVICE_UNAVAILABLE, "event-not-applied", "Event not applied"),

	/** A bug: the body says nothing of the cause, the log does. */
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal Server Error");

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private static final String REJECTED_REQUEST_DETAIL = "The request URL or a header contains characters or "
			+ "sequences this service does not accept";

	private final HttpStatus status;

	private final URI type;

	private final String title;

	ProblemType(HttpStatus status, String slug, String title) {
		this.status = status;
		this.type = URI.create("/problems/" + slug);
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** A problem of this kind. */
	public ProblemDetail problem(String detail) {
		return problem(detail, Map.of());
	}

	/** A problem of this kind with extra members, for example the offending parameter. */
	public ProblemDetail problem(String detail, Map<String, ?> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(this.type);
		problem.setTitle(this.title);
		properties.forEach(problem::setProperty);
		return problem;
	}

	/**
	 * The one answer to every refused request: by Spring Security's firewall, in Spring
	 * MVC and by Tomcat.
	 */
	public static ProblemDetail rejectedRequest() {
		return REJECTED_REQUEST.problem(REJECTED_REQUEST_DETAIL);
	}

	/**
	 * A problem that is only its status ({@code about:blank}), for errors of no kind of
	 * ours, titled with the status's reason phrase.
	 */
	public static ProblemDetail ofStatus(int status) {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		// Spring leaves the type out, which RFC 9457 reads as about:blank; said here as
		// Tomcat's error report always said it.
		problem.setType(ABOUT_BLANK);
		HttpStatus known = HttpStatus.resolve(status);
		problem.setTitle((known != null) ? known.getReasonPhrase() : "Error");
		return problem;
	}

}
