package dev.memberships.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

import dev.memberships.web.ApiDescriptionResponses;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhook in the API description. Described here rather than by annotations on
 * {@link Auth0EventsController} because the body is read as bytes (so that every
 * unreadable body is the same problem), and its schema, its own token and its limits come
 * from the configuration.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(Auth0EventsProperties.TOKEN)
class Auth0EventsApiDocs {

	private static final String SCHEME = "events-token";

	private static final String TAG = "events";

	@Bean
	OpenApiCustomizer auth0EventsOperationApiDocs(Auth0EventsProperties properties) {
		return (openApi) -> {
			PathItem path = openApi.getPaths().get(Auth0EventsController.PATH);
			if (path == null || path.getPost() == null) {
				return;
			}
			openApi.getComponents()
				.addSecuritySchemes(SCHEME,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("The static token of memberships.events.auth0.token (the stream's "
									+ "webhook_authorization); no JWT opens this operation"));
			openApi.addTagsItem(new Tag().name(TAG).description("Change events that evict cached answers"));
			Operation operation = path.getPost()
				.summary("An Auth0 Event Streams change event")
				.description("Evicts the cached answers the event is about, then answers 202; also for a "
						+ "duplicate or a type it does not handle. A body it cannot act on is a 400 and evicts nothing.")
				.tags(List.of(TAG))
				.security(List.of(new SecurityRequirement().addList(SCHEME)))
				.requestBody(new RequestBody().required(true)
					.description("One CloudEvent 1.0 in JSON, at most " + properties.maxBodySize().toBytes() + " bytes")
					.content(event(properties.maxBodySize().toBytes())));
			Objects.requireNonNull(operation.getResponses().get("202"))
				.description("Acted on (or a duplicate, or a type it ignores)");
			operation.getResponses()
				.addApiResponse("400",
						ApiDescriptionResponses
							.problemResponse("The body is not one JSON object with an id and a type, or lacks the "
									+ "user or organization its type needs (problem type /problems/invalid-event)"))
				.addApiResponse("413", ApiDescriptionResponses
					.problemResponse("The body is over " + properties.maxBodySize().toBytes() + " bytes"));
		};
	}

	private static Content event(long maxBodySize) {
		BigDecimal longest = BigDecimal.valueOf(maxBodySize);
		Schema<?> text = new StringSchema().minLength(1).maxLength(longest.intValue());
		Schema<?> event = new ObjectSchema().required(List.of("id", "type"))
			.addProperty("id", text)
			.addProperty("type", text)
			.addProperty("source", text)
			.addProperty("data", new ObjectSchema().description("data.object: the user, organization or membership"))
			.additionalProperties(Boolean.TRUE);
		MediaType json = new MediaType().schema(event);
		return new Content().addMediaType("application/json", json).addMediaType("application/cloudevents+json", json);
	}

}
