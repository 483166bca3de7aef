package dev.memberships.security;

import java.io.IOException;

import dev.memberships.web.ProblemResponses;
import dev.memberships.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * What the firewall refuses (an encoded {@code .} or {@code ;}, a backslash, a NUL, a
 * path that is not normalized, a header with control characters, ...) is answered
 * {@code 400} problem+json of type {@code /problems/rejected-request}, instead of
 * Spring's bare status or an exception.
 * <p>
 * The firewall's message is not logged: for a header it quotes the header's value, which
 * may be a token.
 */
final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemRequestRejectedHandler.class);

	private final ProblemResponses problems;

	ProblemRequestRejectedHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	/** The one answer to every refused request, here, in Spring MVC and in Tomcat. */
	static ProblemDetail problem() {
		return ProblemType.rejectedRequest();
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		log.debug("Rejected a {} request the firewall refused", request.getMethod());
		// The firewall runs before the filter that adds these to every other answer.
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Cache-Control", "no-store");
		this.problems.write(response, problem());
	}

}
