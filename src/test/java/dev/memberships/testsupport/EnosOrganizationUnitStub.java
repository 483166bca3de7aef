package dev.memberships.testsupport;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the two EnOS batch endpoints like an OU {@code ou_main} would: users whose id
 * starts with {@code outsider} are not in it, so structures leave them out and user
 * groups answer 31404 for any batch holding one; another OU answers 31404. Everyone else
 * has the structure {@code st-<id>} and the group {@code g-<id>}.
 */
public final class EnosOrganizationUnitStub implements ResponseDefinitionTransformerV2 {

	public static final String NAME = "enos-ou";

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		JsonNode request = json.readTree(serveEvent.getRequest().getBodyAsString());
		List<String> userIds = request.get("userIds").valueStream().map(JsonNode::asString).toList();
		boolean groups = serveEvent.getRequest().getUrl().contains("userGroup");
		if (!"ou_main".equals(request.get("organizationId").asString())
				|| (groups && userIds.stream().anyMatch(EnosOrganizationUnitStub::outside))) {
			return envelope("{\"code\":31404,\"message\":\"not found\",\"data\":null}");
		}
		Set<String> members = userIds.stream()
			.filter((userId) -> !outside(userId))
			.collect(Collectors.toCollection(LinkedHashSet::new));
		String prefix = groups ? "g-" : "st-";
		String assignments = members.stream()
			.map((userId) -> "{\"userId\":%s,\"%s\":[%s]}".formatted(quote(userId),
					groups ? "userGroupIds" : "structureIds", quote(prefix + userId)))
			.collect(Collectors.joining(","));
		String names = members.stream()
			.map((userId) -> "{\"id\":%s,\"name\":%s}".formatted(quote(prefix + userId), quote("Name " + userId)))
			.collect(Collectors.joining(","));
		return envelope(groups
				? "{\"code\":0,\"data\":{\"usersUserGroups\":[%s],\"userGroups\":[%s]}}".formatted(assignments, names)
				: "{\"code\":0,\"data\":{\"usersUserStructures\":[%s],\"userStructures\":[%s]}}".formatted(assignments,
						names));
	}

	private static boolean outside(String userId) {
		return userId.startsWith("outsider");
	}

	private static String quote(String text) {
		return json.writeValueAsString(text);
	}

	private static ResponseDefinition envelope(String body) {
		return new ResponseDefinitionBuilder().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(body)
			.build();
	}

}
