package dev.memberships.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place errors become answers in Spring MVC. Our own problems are
 * {@link ProblemException}s, which Spring's {@link ResponseEntityExceptionHandler}
 * answers with their body and headers, like Spring's own errors (unknown path, wrong
 * method, unreadable body). Anything unexpected becomes a 500 that says nothing about its
 * cause.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
		log.error("Unexpected error while answering a request", ex);
		return ResponseEntity.internalServerError()
			.body(ProblemType.INTERNAL_ERROR.problem("The service failed to answer; the error was logged."));
	}

}
