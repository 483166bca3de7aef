package dev.memberships.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The checks {@code ApiDescriptionTests} runs on an OpenAPI 3.1 description, after the
 * rules of Spectral's OpenAPI and OWASP API rulesets that matter here: every example is
 * valid against its schema (formats included), every request parameter and body field
 * states its limits (a string its length or its values, an array its size, an integer its
 * range), and every operation says what it is, which tags it has, and that it may answer
 * {@code 401}, {@code 500} and {@code 503} with {@code Retry-After}.
 */
final class ApiDescriptionLint {

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

	private final JsonNode description;

	private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private final List<String> findings = new ArrayList<>();

	private ApiDescriptionLint(JsonNode description) {
		this.description = description;
	}

	/** What is wrong with the description; empty when nothing is. */
	static List<String> findings(JsonNode description) {
		ApiDescriptionLint lint = new ApiDescriptionLint(description);
		lint.check();
		return lint.findings;
	}

	private void check() {
		Set<String> tags = new java.util.HashSet<>();
		this.description.path("tags").forEach((tag) -> tags.add(tag.path("name").asString()));
		for (Map.Entry<String, JsonNode> path : this.description.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
				if (METHODS.contains(method.getKey())) {
					checkOperation(path.getKey() + " " + method.getKey(), method.getValue(), tags);
				}
			}
		}
	}

	private void checkOperation(String where, JsonNode operation, Set<String> tags) {
		for (String member : List.of("operationId", "summary", "description")) {
			if (operation.path(member).asString("").isBlank()) {
				this.findings.add(where + ": no " + member);
			}
		}
		if (operation.path("tags").isEmpty()) {
			this.findings.add(where + ": no tag");
		}
		operation.path("tags").forEach((tag) -> {
			if (!tags.contains(tag.asString())) {
				this.findings.add(where + ": tag " + tag.asString() + " is not declared");
			}
		});
		JsonNode responses = operation.path("responses");
		for (String status : List.of("400", "401", "500", "503")) {
			if (!responses.has(status)) {
				this.findings.add(where + ": no " + status + " response");
			}
		}
		if (!responses.path("503").path("headers").has("Retry-After")) {
			this.findings.add(where + ": 503 without Retry-After");
		}
		for (JsonNode parameter : operation.path("parameters")) {
			String name = where + " parameter " + parameter.path("name").asString();
			if (parameter.path("description").asString("").isBlank()) {
				this.findings.add(name + ": no description");
			}
			checkLimits(name, parameter.path("schema"));
			checkExample(name, parameter.path("schema"), parameter.path("example"));
		}
		for (Map.Entry<String, JsonNode> media : operation.path("requestBody").path("content").properties()) {
			checkLimits(where + " body " + media.getKey(), media.getValue().path("schema"));
			checkExamples(where + " body " + media.getKey(), media.getValue());
		}
		for (Map.Entry<String, JsonNode> response : responses.properties()) {
			for (Map.Entry<String, JsonNode> media : response.getValue().path("content").properties()) {
				checkExamples(where + " " + response.getKey() + " " + media.getKey(), media.getValue());
			}
		}
	}

	private void checkExamples(String where, JsonNode media) {
		checkExample(where + " example", media.path("schema"), media.path("example"));
		for (Map.Entry<String, JsonNode> example : media.path("examples").properties()) {
			checkExample(where + " example " + example.getKey(), media.path("schema"),
					example.getValue().path("value"));
		}
	}

	private void checkExample(String where, JsonNode schema, JsonNode example) {
		if (example.isMissingNode() || schema.isMissingNode()) {
			return;
		}
		// The schema's own references (#/components/...) resolve against its document, so
		// the components go along.
		ObjectNode document = ((ObjectNode) schema.deepCopy()).set("components", this.description.path("components"));
		Schema validator = this.schemas.getSchema(SchemaLocation.of("https://memberships.invalid/v3/api-docs"),
				document);
		validator
			.validate(example, (context) -> context.executionConfig((config) -> config.formatAssertionsEnabled(true)))
			.forEach((error) -> this.findings.add(where + ": " + error.getMessage()));
	}

	private void checkLimits(String where, JsonNode schema) {
		checkLimits(where, schema, 0);
	}

	private void checkLimits(String where, JsonNode schema, int depth) {
		JsonNode resolved = resolve(schema);
		if (depth > 10 || resolved.isMissingNode()) {
			return;
		}
		String type = resolved.path("type").asString("");
		if (type.equals("string") && !resolved.has("maxLength") && !resolved.has("enum") && !resolved.has("const")) {
			this.findings.add(where + ": a string without maxLength or enum");
		}
		if (type.equals("array")) {
			if (!resolved.has("maxItems")) {
				this.findings.add(where + ": an array without maxItems");
			}
			checkLimits(where + "[]", resolved.path("items"), depth + 1);
		}
		if ((type.equals("integer") || type.equals("number")) && !resolved.has("maximum")) {
			this.findings.add(where + ": a number without maximum");
		}
		for (Map.Entry<String, JsonNode> property : resolved.path("properties").properties()) {
			checkLimits(where + "." + property.getKey(), property.getValue(), depth + 1);
		}
	}

	private JsonNode resolve(JsonNode schema) {
		String reference = schema.path("$ref").asString("");
		return reference.startsWith("#") ? this.description.at(reference.substring(1)) : schema;
	}

}
