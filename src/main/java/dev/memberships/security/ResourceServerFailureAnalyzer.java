package dev.memberships.security;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Names each missing resource-server property, with its environment variable, and says
 * how to either configure an issuer or run on the demo one.
 */
class ResourceServerFailureAnalyzer extends AbstractFailureAnalyzer<ResourceServerNotConfiguredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ResourceServerNotConfiguredException cause) {
		String description = "The API only serves callers with a valid token, and nothing says which tokens are "
				+ "valid:\n" + cause.problems().stream().map((line) -> "  - " + line).collect(Collectors.joining("\n"));
		String action = "Point the service at your identity provider, for example an Auth0 tenant:\n"
				+ "  SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI=https://<tenant>.auth0.com/\n"
				+ "  SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES=<the API identifier>\n"
				+ "(see docs/security.md), or remove every memberships.auth0.* and memberships.enos.* setting "
				+ "to run on the embedded demo upstreams and their demo token issuer.";
		return new FailureAnalysis(description, action, cause);
	}

}
