package dev.memberships.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Accepts the configured opaque tokens, the credential Auth0 Event Streams sends to the
 * webhook (several while one is rotated), and grants {@link #AUTHORITY} for them, nothing
 * else. Spring Security resolves the bearer token and answers refusals; only the
 * comparison is ours.
 * <p>
 * Both sides are hashed before {@link MessageDigest#isEqual} compares them: that takes
 * the same time whatever the contents, but not whatever the lengths, and the hashes are
 * of equal length. Every configured token is compared, also after a match, so the time
 * does not tell which one matched.
 */
final class StaticTokenIntrospector implements OpaqueTokenIntrospector {

	static final String AUTHORITY = "EVENTS_AUTH0";

	static final String PRINCIPAL = "auth0-event-stream";

	private final List<byte[]> expected;

	StaticTokenIntrospector(List<String> tokens) {
		this.expected = tokens.stream().map(StaticTokenIntrospector::sha256).toList();
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		byte[] given = sha256(token);
		boolean accepted = false;
		for (byte[] expected : this.expected) {
			accepted |= MessageDigest.isEqual(given, expected);
		}
		if (!accepted) {
			throw new BadOpaqueTokenException("The token is not the events webhook's");
		}
		return new DefaultOAuth2AuthenticatedPrincipal(PRINCIPAL, Map.of("sub", PRINCIPAL),
				List.of(new SimpleGrantedAuthority(AUTHORITY)));
	}

	private static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
