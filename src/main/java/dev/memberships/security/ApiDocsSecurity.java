package dev.memberships.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the API description, and so Swagger UI's "Authorize" button, that every operation
 * takes a bearer JWT.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsSecurity {

	static final String SCHEME = "bearer-jwt";

	@Bean
	OpenApiCustomizer bearerTokenApiDocs(ApiSecurityProperties security) {
		return (openApi) -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents()
				.addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("An RS256 access token of the configured issuer, for the configured audience, "
							+ "checked as RFC8725 (JWT best current practices) asks: only the configured asymmetric "
							+ "algorithms, iss, aud, exp and typ verified, no token in the query string. "
							+ "A user's token reads that user's memberships; reading anyone else's needs the scope "
							+ security.serviceScope() + "."));
			openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
		};
	}

}
