package dev.memberships;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns an invalid {@code memberships.*} setting into one line per property, naming the
 * property and its environment variable, instead of Boot's generic binding report. The
 * rejected value is never printed: it may be a secret.
 * <p>
 * Binding stops at the first invalid properties record, so the settings no other record
 * got to check yet (the other upstream's, the token issuer's) are looked up in the
 * environment too: whoever starts the jar without settings learns everything it needs at
 * once.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UpstreamPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> {

	/** What the service cannot start without; each has no default. */
	static final List<String> REQUIRED = List.of("memberships.auth0.base-url", "memberships.auth0.client-id",
			"memberships.auth0.client-secret", "memberships.enos.base-url", "memberships.enos.app-key",
			"memberships.enos.app-secret", "memberships.enos.organization-id",
			"spring.security.oauth2.resourceserver.jwt.issuer-uri",
			"spring.security.oauth2.resourceserver.jwt.audiences");

	private final @Nullable Environment environment;

	UpstreamPropertiesFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		String prefix = errors.getName().toString();
		if (!prefix.startsWith("memberships")) {
			return null;
		}
		Map<String, String> lines = new LinkedHashMap<>();
		for (ObjectError error : errors.getAllErrors()) {
			String property = (error instanceof FieldError field) ? prefix + "." + dashed(field.getField()) : prefix;
			lines.putIfAbsent(property, line(property, error.getDefaultMessage()));
		}
		for (String property : REQUIRED) {
			if (this.environment != null && !StringUtils.hasText(this.environment.getProperty(property))) {
				lines.putIfAbsent(property, line(property, "must not be blank"));
			}
		}
		String description = String.join("\n", lines.values());
		return new FailureAnalysis(description,
				"Set each property above in application.yml or as its environment variable. To try the service "
						+ "without real upstreams, run it on the demo ones from a checkout: ./mvnw spring-boot:test-run",
				cause);
	}

	private static String line(String property, @Nullable String message) {
		String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
		return "Invalid configuration: " + property + " " + message + " (environment variable " + variable + ")";
	}

	private static String dashed(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
