package dev.memberships.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token's scopes as {@code SCOPE_<name>} authorities, read from the standard
 * {@code scope} claim (a space-separated string, or a list) and from {@code scp}, and
 * from Auth0's {@code permissions} claim, which Auth0 adds when RBAC is on for the API.
 * Any other claim grants nothing.
 */
final class ScopeAuthorities implements Converter<Jwt, Collection<GrantedAuthority>> {

	static final String PREFIX = "SCOPE_";

	private static final List<String> CLAIMS = List.of("scope", "scp", "permissions");

	@Override
	public Collection<GrantedAuthority> convert(Jwt jwt) {
		Set<GrantedAuthority> authorities = new LinkedHashSet<>();
		for (String claim : CLAIMS) {
			Object value = jwt.getClaims().get(claim);
			if (value instanceof String text) {
				for (String scope : text.trim().split("\\s+")) {
					add(authorities, scope);
				}
			}
			else if (value instanceof Collection<?> values) {
				for (Object scope : values) {
					if (scope instanceof String text) {
						add(authorities, text);
					}
				}
			}
		}
		return authorities;
	}

	private static void add(Set<GrantedAuthority> authorities, String scope) {
		if (!scope.isEmpty()) {
			authorities.add(new SimpleGrantedAuthority(PREFIX + scope));
		}
	}

}
