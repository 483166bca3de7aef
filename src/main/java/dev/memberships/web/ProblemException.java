package dev.memberships.web;

import java.util.Map;

import org.springframework.web.ErrorResponseException;

/**
 * An error meant for the caller: Spring MVC answers it with its RFC 9457 body, made by
 * {@link ProblemType}, and its headers. Its detail is safe to show.
 */
public abstract class ProblemException extends ErrorResponseException {

	protected ProblemException(ProblemType type, String detail) {
		this(type, detail, Map.of());
	}

	protected ProblemException(ProblemType type, String detail, Map<String, ?> properties) {
		super(type.status(), type.problem(detail, properties), null);
	}

	/**
	 * No stack trace: this is an answer for the caller, thrown on every such request, not
	 * a bug to trace.
	 */
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
