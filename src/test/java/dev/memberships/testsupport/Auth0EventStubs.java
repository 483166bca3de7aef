package dev.memberships.testsupport;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

/**
 * Auth0 change events as the event stream posts them, and their webhook's token in tests.
 */
public final class Auth0EventStubs {

	public static final String EVENTS_TOKEN = "evt-webhook-token-3c1d8e0f2a7b4c6d9e8f1a2b3c4d5e6f";

	public static ResponseDefinitionBuilder organizations(String... ids) {
		StringBuilder organizations = new StringBuilder();
		for (String id : ids) {
			organizations.append((organizations.length() > 0) ? "," : "")
				.append("{\"id\":\"%s\",\"name\":\"%s\",\"display_name\":\"%s\"}".formatted(id, id, id));
		}
		return okJson(
				"{\"start\":0,\"limit\":100,\"total\":%d,\"organizations\":[%s]}".formatted(ids.length, organizations));
	}

	public static String memberEvent(String id, String type, String userId, String organizationId) {
		return """
				{"specversion":"1.0","id":"%s","source":"urn:auth0:acme.eu.auth0.com","type":"%s",
				 "time":"2026-03-01T09:59:58Z","dataschema":"https://acme.eu.auth0.com/api/v2/schemas/%s",
				 "data":{"object":{"organization":{"id":"%s","name":"acme"},"user":{"user_id":"%s"}}},
				 "a0tenant":"acme","a0stream":"est_1234567890123456789012"}""".formatted(id, type, type, organizationId,
				userId);
	}

	private Auth0EventStubs() {
	}

}
