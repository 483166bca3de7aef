package dev.memberships.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place errors become answers: RFC 9457 problem+json for our own problems,
 * Spring's own errors (unknown path, wrong method, unreadable body) and anything
 * unexpected, which becomes a 500 that says nothing about its cause.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<ProblemDetail> handleProblem(ProblemException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		problem.setType(ex.type());
		problem.setTitle(ex.title());
		ex.properties().forEach(problem::setProperty);
		HttpHeaders headers = new HttpHeaders();
		ex.headers().forEach(headers::add);
		return ResponseEntity.status(ex.status()).headers(headers).body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
		log.error("Unexpected error while answering a request", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The service failed to answer; the error was logged.");
		problem.setType(ProblemTypes.of("internal-error"));
		return ResponseEntity.internalServerError().body(problem);
	}

}
