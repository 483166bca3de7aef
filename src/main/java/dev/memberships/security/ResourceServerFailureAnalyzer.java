package dev.memberships.security;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Names each missing resource-server property, with its environment variable, and says
 * how to configure an issuer, or where to find the demo one.
 */
class ResourceServerFailureAnalyzer extends AbstractFailureAnalyzer<ResourceServerNotConfiguredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ResourceServerNotConfiguredException cause) {
		String description = "The API only serves callers with a valid token, and nothing says which tokens are "
				+ "valid:\n" + cause.problems().stream().map((line) -> "  - " + line).collect(Collectors.joining("\n"));
		String action = "Point the service at your identity provider, for example an Auth0 tenant:\n"
				+ "  SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI=https://<tenant>.auth0.com/\n"
				+ "  SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES=<the API identifier>\n"
				+ "(see docs/security.md). To try the service with the demo token issuer, run it on the demo "
				+ "upstreams from a checkout: ./mvnw spring-boot:test-run";
		return new FailureAnalysis(description, action, cause);
	}

}
