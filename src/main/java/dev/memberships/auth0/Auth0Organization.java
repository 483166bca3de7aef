package dev.memberships.auth0;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An Auth0 organization, reduced to what the answer needs. Auth0 adds fields over time:
 * unknown ones are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Auth0Organization(String id, String name, @JsonProperty("display_name") String displayName,
		Map<String, String> metadata) {

	public Auth0Organization {
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

}
