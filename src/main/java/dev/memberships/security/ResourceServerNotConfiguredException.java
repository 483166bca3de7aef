package dev.memberships.security;

import java.util.List;

/**
 * Start-up refuses to serve the API unauthenticated: thrown when the properties that say
 * which tokens are valid are missing or unusable. Turned into a clear message by
 * {@link ResourceServerFailureAnalyzer}.
 */
class ResourceServerNotConfiguredException extends IllegalStateException {

	private final List<String> problems;

	ResourceServerNotConfiguredException(List<String> problems) {
		super("The API's token validation is not configured: " + String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	/** One line per missing or unusable property, each naming it. */
	List<String> problems() {
		return this.problems;
	}

}
