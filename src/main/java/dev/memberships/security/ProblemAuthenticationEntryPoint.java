package dev.memberships.security;

import java.io.IOException;
import java.util.stream.Collectors;

import dev.memberships.web.ProblemResponses;
import dev.memberships.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * No token, or one that is not valid: {@code 401} with the RFC 6750
 * {@code WWW-Authenticate: Bearer ...} challenge (computed by Spring's
 * {@link BearerTokenAuthenticationEntryPoint}) and a problem+json body of type
 * {@code /problems/unauthorized}.
 * <p>
 * Why a token was refused is told only when one of our validators said so (expired, wrong
 * issuer, wrong audience, wrong type): those descriptions are ours. When the token could
 * not even be parsed or its signature checked, the description is a fixed text, because
 * the parser's message may quote parts of what the caller sent.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	static final String UNPARSEABLE = "The token is malformed, or its signature cannot be verified with the issuer's keys";

	private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();

	private final ProblemResponses problems;

	ProblemAuthenticationEntryPoint(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		AuthenticationException safe = safe(authException);
		this.challenge.commence(request, response, safe);
		// Also for a malformed bearer header, which RFC 6750 would answer 400
		// (invalid_request, still named in the challenge): one status for every bad
		// token.
		this.problems.write(response, ProblemType.UNAUTHORIZED.problem(description(safe)));
	}

	private static AuthenticationException safe(AuthenticationException exception) {
		if (exception instanceof InvalidBearerTokenException invalid) {
			if (invalid.getCause() instanceof JwtValidationException validation) {
				String reasons = validation.getErrors()
					.stream()
					.map(OAuth2Error::getDescription)
					.filter((description) -> description != null && !description.isBlank())
					.distinct()
					.collect(Collectors.joining("; "));
				return new InvalidBearerTokenException(reasons.isEmpty() ? UNPARSEABLE : reasons);
			}
			return new InvalidBearerTokenException(UNPARSEABLE);
		}
		return exception;
	}

	private static String description(AuthenticationException exception) {
		if (exception instanceof OAuth2AuthenticationException oauth2) {
			OAuth2Error error = oauth2.getError();
			if (error instanceof BearerTokenError && error.getDescription() != null
					&& !BearerTokenErrorCodes.INVALID_TOKEN.equals(error.getErrorCode())) {
				return error.getDescription();
			}
			if (error.getDescription() != null) {
				return "The bearer token is not valid: " + error.getDescription();
			}
		}
		return "A valid bearer token is required (Authorization: Bearer <token>)";
	}

}
