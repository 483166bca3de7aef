package dev.memberships.web;

import java.math.BigDecimal;
import java.util.List;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the API description says about every operation, because the service does it for
 * every operation rather than in one controller: the problem body (its {@code type} is a
 * relative reference, not an absolute URI as Spring's {@code ProblemDetail} schema
 * claims), {@code 401} without a valid token, {@code 503} with {@code Retry-After} from
 * the overload limit (before any rule, on any path), {@code 500} for a bug. A {@code 304}
 * has no body. The service never answers {@code 429}: it does not limit callers' rates,
 * only their concurrency, and that refusal is the {@code 503}.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDescriptionResponses {

	private static final String PROBLEM = "ProblemDetail";

	private static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	OpenApiCustomizer commonResponsesApiDocs(OverloadProperties overload) {
		return (openApi) -> {
			openApi.getInfo()
				.title("memberships")
				.description("What a user belongs to: Auth0 organizations, EnOS organization structures and user "
						+ "groups, merged, with each source's status. Errors are RFC 9457 problems.");
			openApi.addTagsItem(new Tag().name("memberships").description("Reading users' memberships"));
			openApi.getComponents().addSchemas(PROBLEM, problem());
			openApi.getPaths()
				.values()
				.forEach((path) -> path.readOperations()
					.forEach((operation) -> addCommonResponses(operation, overload.retryAfter().toSeconds())));
		};
	}

	private static void addCommonResponses(Operation operation, long retryAfterSeconds) {
		ApiResponses responses = operation.getResponses();
		responses.computeIfAbsent("401",
				(status) -> problemResponse("No valid bearer token: " + "WWW-Authenticate says why"));
		responses.computeIfAbsent("500", (status) -> problemResponse("A bug; the body says nothing of the cause"));
		ApiResponse unavailable = responses.computeIfAbsent("503",
				(status) -> problemResponse("Too many requests in progress (problem type /problems/overloaded)"));
		unavailable.addHeaderObject("Retry-After",
				new Header()
					.description("Seconds to wait before trying again; " + retryAfterSeconds
							+ " for /problems/overloaded, the upstream's wait for /problems/sources-unavailable "
							+ "when it named one")
					.schema(new IntegerSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(86_400))));
		ApiResponse notModified = responses.get("304");
		if (notModified != null) {
			notModified.setContent(null);
		}
	}

	/** A response of this description whose body is a problem. */
	public static ApiResponse problemResponse(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	/**
	 * The problem body as {@link ProblemType} writes it; members beyond these
	 * ({@code parameter}, {@code sources}, ...) depend on the type.
	 */
	private static Schema<?> problem() {
		return new ObjectSchema().description("An RFC 9457 problem; further members depend on the type")
			.addProperty("type",
					new StringSchema().format("uri-reference")
						.maxLength(64)
						.description("Stable kind of problem, a relative reference such as /problems/invalid-parameter "
								+ "(see docs/api.md), or about:blank"))
			.addProperty("title", new StringSchema().maxLength(64))
			.addProperty("status",
					new IntegerSchema().minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599)))
			.addProperty("detail", new StringSchema().maxLength(16_384))
			.addProperty("instance", new StringSchema().format("uri-reference").maxLength(16_384))
			.required(List.of("type", "title", "status"))
			.additionalProperties(Boolean.TRUE);
	}

}
