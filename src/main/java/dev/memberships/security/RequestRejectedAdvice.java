package dev.memberships.security;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the firewall's late refusals with {@code 400} problem+json, like its other
 * refusals. The firewall checks some parts of a request only when they are read (a query
 * parameter's name, a header's value). Read by a controller, its refusal would reach the
 * catch-all 500 of {@code ProblemDetailsAdvice} without this advice.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestRejectedAdvice {

	@ExceptionHandler(RequestRejectedException.class)
	ResponseEntity<ProblemDetail> handleRejected(RequestRejectedException ex) {
		return ResponseEntity.badRequest().body(ProblemRequestRejectedHandler.problem());
	}

}
