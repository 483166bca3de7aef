package dev.memberships.security;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advice for firewall refusals raised while a controller reads the request.
 */
class RequestRejectedAdviceTests {

	@Test
	void requestRejectedWhileReadingShouldBeABadRequestProblem() {
		var answer = new RequestRejectedAdvice()
			.handleRejected(new RequestRejectedException("header value \"Bearer secret\" not allowed"));
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(answer.getBody().getType().toString()).isEqualTo("/problems/rejected-request");
		assertThat(answer.getBody().getDetail()).doesNotContain("secret");
	}

}
