package dev.memberships.config;

import java.net.URI;

/**
 * The {@code type} URIs of our problems: relative references, stable per kind, documented
 * in {@code docs/api.md}.
 */
public final class ProblemTypes {

	private ProblemTypes() {
	}

	public static URI of(String slug) {
		return URI.create("/problems/" + slug);
	}

}
