package dev.memberships.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeAuthoritiesTests {

	private final ScopeAuthorities authorities = new ScopeAuthorities();

	@Test
	void convertShouldReadScopeStringScopeListsAndAuth0Permissions() {
		Jwt jwt = jwt().claim("scope", " openid  read:memberships ")
			.claim("scp", List.of("a", "b"))
			.claim("permissions", List.of("admin:memberships", 42))
			.build();
		assertThat(this.authorities.convert(jwt)).extracting(GrantedAuthority::getAuthority)
			.containsExactly("SCOPE_openid", "SCOPE_read:memberships", "SCOPE_a", "SCOPE_b", "SCOPE_admin:memberships");
	}

	@Test
	void convertShouldGrantNothingForOtherClaims() {
		Jwt jwt = jwt().claim("roles", List.of("read:memberships"))
			.claim("https://acme/permissions", "read:memberships")
			.claim("scope", "")
			.build();
		assertThat(this.authorities.convert(jwt)).isEmpty();
	}

	private static Jwt.Builder jwt() {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("auth0|alice")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
	}

}
