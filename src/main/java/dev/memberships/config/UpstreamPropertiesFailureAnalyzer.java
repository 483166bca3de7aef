package dev.memberships.config;

import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;

/**
 * Turns an invalid {@code memberships.*} setting into one line per property, naming the
 * property and its environment variable, instead of Boot's generic binding report. The
 * rejected value is never printed: it may be a secret.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UpstreamPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		String prefix = errors.getName().toString();
		if (!prefix.startsWith("memberships")) {
			return null;
		}
		String description = errors.getAllErrors()
			.stream()
			.map((error) -> line((error instanceof FieldError field) ? prefix + "." + dashed(field.getField()) : prefix,
					error.getDefaultMessage()))
			.collect(Collectors.joining("\n"));
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
