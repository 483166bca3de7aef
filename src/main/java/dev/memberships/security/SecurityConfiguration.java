package dev.memberships.security;

import dev.memberships.web.ProblemResponses;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Who may call what. Two filter chains, one firewall:
 * <ul>
 * <li>the management port: liveness, readiness and Prometheus open (the kubelet and the
 * scraper carry no token), health, info and the links for any valid token, everything
 * else (cache eviction, any endpoint exposed later, any other path) only with the admin
 * scope;</li>
 * <li>the API: a user reads their own memberships ({@code sub} equals {@code {userId}}),
 * a service with the service scope reads anyone's and calls the batch endpoint; the API
 * description is open; any other path needs the service scope. CORS for the allowed
 * origins only.</li>
 * </ul>
 * A third, {@link EventsSecurityConfiguration}, guards the Auth0 events webhook when it
 * is on. All are stateless bearer-token chains: no session, no CSRF token (no cookie
 * authenticates anything), every refusal a problem+json. See {@code docs/security.md}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	static final String USER_ID = "userId";

	/**
	 * Spring's strict firewall, opened only where the API validates the input itself:
	 * user ids may contain {@code /} and {@code %} (sent as {@code %2F} and {@code %25}
	 * inside one segment, see {@code WebServerConfiguration}), and control characters
	 * such as {@code %0A} reach the controller, which rejects them as an invalid
	 * {@code userId}. Still refused with a 400: encoded {@code .} (so no {@code %2E%2E}
	 * traversal), {@code ;} (path parameters), backslashes, NUL, {@code //}, paths that
	 * are not normalized, Unicode line separators, headers with control characters,
	 * unusual HTTP methods.
	 */
	@Bean
	StrictHttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		firewall.setAllowUrlEncodedPercent(true);
		firewall.setAllowUrlEncodedLineFeed(true);
		firewall.setAllowUrlEncodedCarriageReturn(true);
		// The firewall's own rules, checked without a regular expression.
		firewall.setAllowedHeaderNames(FirewallCharacters::isAllowedName);
		firewall.setAllowedHeaderValues(FirewallCharacters::isAllowedHeaderValue);
		firewall.setAllowedParameterNames(FirewallCharacters::isAllowedName);
		return firewall;
	}

	@Bean
	RequestRejectedHandler requestRejectedHandler(ProblemResponses problems) {
		return new ProblemRequestRejectedHandler(problems);
	}

	@Bean
	@Order(1)
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http, ApiSecurityProperties security,
			WebEndpointProperties endpoints, ProblemResponses problems) throws Exception {
		String base = endpoints.getBasePath();
		// Everything on a separate management port; the endpoints when they share the
		// API's.
		http.securityMatcher(
				new OrRequestMatcher(SecurityConfiguration::isOnManagementServer, EndpointRequest.toAnyEndpoint()));
		bearerTokensOnly(http, problems);
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(HttpMethod.GET, base + "/health/liveness", base + "/health/readiness")
			.permitAll()
			.requestMatchers(EndpointRequest.to("prometheus"))
			.permitAll()
			.requestMatchers(EndpointRequest.to("health", "info"), EndpointRequest.toLinks())
			.authenticated()
			.anyRequest()
			.hasAuthority(security.adminAuthority()));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiSecurityProperties security,
			OAuth2ResourceServerProperties resourceServer, ProblemResponses problems) throws Exception {
		bearerTokensOnly(http, problems);
		// Browsers on the allowed origins (none by default): the corsConfigurationSource
		// bean. A preflight is answered here, before any rule asks for a token.
		http.cors(Customizer.withDefaults());
		SelfOrScopeAuthorizationManager selfOrService = new SelfOrScopeAuthorizationManager(USER_ID,
				security.serviceAuthority());
		http.authorizeHttpRequests((requests) -> requests
			// An error page rendered for a request that was already authorized.
			.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
			.permitAll()
			// Reading a user: that user, or a service. Any other method under a user is
			// a service's (none exists yet).
			.requestMatchers(HttpMethod.GET, "/users/{" + USER_ID + "}/**")
			.access(selfOrService)
			.requestMatchers(HttpMethod.HEAD, "/users/{" + USER_ID + "}/**")
			.access(selfOrService)
			.requestMatchers(BatchBodySizeFilter.PATH)
			.hasAuthority(security.serviceAuthority())
			.anyRequest()
			.hasAuthority(security.serviceAuthority()));
		http.oauth2ResourceServer((oauth2) -> oauth2
			.protectedResourceMetadata((metadata) -> metadata.protectedResourceMetadataCustomizer((builder) -> {
				String issuer = resourceServer.getJwt().getIssuerUri();
				if (issuer != null) {
					builder.authorizationServer(issuer);
				}
				builder.scope(security.serviceScope());
			})));
		// After authorization: who you are and what you may do come before what you sent.
		http.addFilterAfter(new BatchBodySizeFilter(security.batchMaxBodySize().toBytes(), problems),
				AuthorizationFilter.class);
		return http.build();
	}

	static boolean isOnManagementServer(HttpServletRequest request) {
		WebApplicationContext context = WebApplicationContextUtils
			.getWebApplicationContext(request.getServletContext());
		return context != null && WebServerApplicationContext.hasServerNamespace(context, "management");
	}

	private static void bearerTokensOnly(HttpSecurity http, ProblemResponses problems) throws Exception {
		JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
		authentication.setJwtGrantedAuthoritiesConverter(new ScopeAuthorities());
		statelessBearer(http, problems,
				(oauth2) -> oauth2.jwt((jwt) -> jwt.jwtAuthenticationConverter(authentication)));
	}

	/**
	 * A stateless chain: no session, no CSRF token, every refusal a problem; the bearer
	 * token checked as {@code tokens} says (a JWT, or the events webhook's static token).
	 */
	static void statelessBearer(HttpSecurity http, ProblemResponses problems,
			Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>> tokens) throws Exception {
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems);
		ProblemAccessDeniedHandler accessDenied = new ProblemAccessDeniedHandler(problems);
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.oauth2ResourceServer((oauth2) -> {
				tokens.customize(oauth2);
				oauth2.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied);
			});
	}

}
