package dev.memberships.security;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * OWASP API1 (broken object level authorization): a token may read the user named in the
 * path when its {@code sub} is that user, or when it carries the service scope.
 * <p>
 * The path variable is the decoded segment ({@code auth0%7C42} is {@code auth0|42}),
 * compared exactly: case, Unicode form and every character count, so {@code AUTH0|42} is
 * another user.
 */
final class SelfOrScopeAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	private final String userIdVariable;

	private final String scopeAuthority;

	SelfOrScopeAuthorizationManager(String userIdVariable, String scopeAuthority) {
		this.userIdVariable = userIdVariable;
		this.scopeAuthority = scopeAuthority;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends @Nullable Authentication> authentication,
			RequestAuthorizationContext context) {
		Authentication current = authentication.get();
		if (current == null || !current.isAuthenticated() || current instanceof AnonymousAuthenticationToken) {
			return new AuthorizationDecision(false);
		}
		if (hasScope(current)) {
			return new AuthorizationDecision(true);
		}
		String userId = context.getVariables().get(this.userIdVariable);
		boolean self = current instanceof JwtAuthenticationToken jwt && userId != null
				&& userId.equals(jwt.getToken().getSubject());
		return new AuthorizationDecision(self);
	}

	private boolean hasScope(Authentication authentication) {
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (this.scopeAuthority.equals(authority.getAuthority())) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "sub equals {" + this.userIdVariable + "} or " + this.scopeAuthority;
	}

}
