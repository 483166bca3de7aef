package dev.memberships.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The events webhook's token check: every configured token is let in (so that one can be
 * rotated without a window of {@code 401}), nothing else is.
 */
class StaticTokenIntrospectorTests {

	private static final String OLD = "old-webhook-token-3c1d8e0f2a7b4c6d9e8f1a2b3c4d5e6f";

	private static final String NEW = "new-webhook-token-9f8e7d6c5b4a3210fedcba9876543210";

	@Test
	void introspectWhenTwoTokensAreConfiguredShouldAcceptEither() {
		StaticTokenIntrospector introspector = new StaticTokenIntrospector(List.of(OLD, NEW));
		for (String token : List.of(OLD, NEW)) {
			assertThat(introspector.introspect(token).getAuthorities()).extracting(Object::toString)
				.containsExactly(StaticTokenIntrospector.AUTHORITY);
		}
	}

	@Test
	void introspectWhenTheTokenIsNoneOfTheConfiguredShouldRefuseIt() {
		StaticTokenIntrospector introspector = new StaticTokenIntrospector(List.of(OLD, NEW));
		for (String token : List.of(OLD + NEW, OLD.substring(1), "", NEW.toUpperCase())) {
			assertThatExceptionOfType(BadOpaqueTokenException.class).as(token)
				.isThrownBy(() -> introspector.introspect(token));
		}
	}

	@Test
	void introspectWhenOnlyTheNewTokenIsLeftShouldRefuseTheOld() {
		StaticTokenIntrospector introspector = new StaticTokenIntrospector(List.of(NEW));
		assertThat(introspector.introspect(NEW).getName()).isEqualTo(StaticTokenIntrospector.PRINCIPAL);
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect(OLD));
	}

}
