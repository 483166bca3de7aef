package dev.memberships.security;

import java.io.IOException;

import dev.memberships.web.ProblemResponses;
import dev.memberships.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * A valid token without the rights the request needs: {@code 403} with the RFC 6750
 * {@code insufficient_scope} challenge and a problem+json body of type
 * {@code /problems/forbidden}. The body does not say which scope or user would have been
 * allowed.
 */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final BearerTokenAccessDeniedHandler challenge = new BearerTokenAccessDeniedHandler();

	private final ProblemResponses problems;

	ProblemAccessDeniedHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		this.challenge.handle(request, response, accessDeniedException);
		this.problems.write(response,
				ProblemType.FORBIDDEN.problem("The token does not grant access to this resource"));
	}

}
