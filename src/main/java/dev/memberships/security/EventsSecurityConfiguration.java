package dev.memberships.security;

import java.util.Objects;

import dev.memberships.events.Auth0EventsProperties;
import dev.memberships.web.ProblemResponses;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/**
 * The Auth0 events webhook's own filter chain, ahead of the API's: {@code /events/**} on
 * the API port takes only the static tokens of {@code memberships.events.auth0.token}
 * (compared in constant time, {@link StaticTokenIntrospector}), never a JWT; and that
 * token is no JWT, so the API's chain refuses it everywhere else. Refusals are the same
 * {@code 401} problem as the API's. The body is limited before anything reads it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(Auth0EventsProperties.TOKEN)
class EventsSecurityConfiguration {

	static final String EVENTS_PATH = "/events/auth0";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain eventsSecurityFilterChain(HttpSecurity http, Auth0EventsProperties events,
			ProblemResponses problems) throws Exception {
		http.securityMatcher(new AndRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/events/**"),
				new NegatedRequestMatcher(SecurityConfiguration::isOnManagementServer)));
		SecurityConfiguration.statelessBearer(http, problems, (oauth2) -> oauth2.opaqueToken(
				(opaque) -> opaque.introspector(new StaticTokenIntrospector(Objects.requireNonNull(events.token())))));
		http.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(HttpMethod.POST, EVENTS_PATH)
			.hasAuthority(StaticTokenIntrospector.AUTHORITY)
			.anyRequest()
			.denyAll());
		http.addFilterAfter(new BatchBodySizeFilter(EVENTS_PATH, events.maxBodySize().toBytes(), problems),
				AuthorizationFilter.class);
		return http.build();
	}

}
