package dev.memberships.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.memberships.demo.DemoData.Group;
import dev.memberships.demo.DemoData.Structure;
import dev.memberships.enos.EnosSignature;
import tools.jackson.databind.JsonNode;

/**
 * The two EnOS app-portal v2.2 batch endpoints behind the API gateway's checks.
 * <p>
 * Every answer is HTTP 200 with the code in the body, gateway errors included: whether
 * the real gateway does so is unconfirmed, and this is the case a client can most easily
 * get wrong. Gateway codes: 1203 when the access token is missing, unknown or expired (a
 * client should get a new token and retry once); 1202 when the timestamp or signature is
 * missing or the signature does not match. While {@link UpstreamConditions#groupsDown}
 * user groups answers HTTP 503 at once, as a gateway whose backend is down.
 */
final class DemoEnosPortalHandler implements HttpHandler {

	static final String PREFIX = "/enos/app-portal-service/v2.2/";

	static final String STRUCTURES = "userStructures/structureList";

	static final String GROUPS = "userGroup/getUsersUserGroupList";

	private static final int MAX_USERS = 1000;

	private final DemoEnosTokenHandler tokens;

	private final UpstreamConditions conditions;

	private final UpstreamTraffic traffic;

	DemoEnosPortalHandler(DemoEnosTokenHandler tokens, UpstreamConditions conditions, UpstreamTraffic traffic) {
		this.tokens = tokens;
		this.conditions = conditions;
		this.traffic = traffic;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			// Read first: the signature covers these bytes exactly as they came.
			byte[] body = DemoHttp.body(exchange);
			String endpoint = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
			if (!exchange.getRequestMethod().equals("POST")
					|| !(endpoint.equals(STRUCTURES) || endpoint.equals(GROUPS))) {
				DemoHttp.send(exchange, 404, error(404, "Not Found"));
				return;
			}
			String counted = endpoint.equals(STRUCTURES) ? UpstreamTraffic.ENOS_STRUCTURES
					: UpstreamTraffic.ENOS_GROUPS;
			this.traffic.call(counted);
			if (endpoint.equals(GROUPS) && this.conditions.groupsDown()) {
				DemoHttp.send(exchange, 503, error(503, "Service Unavailable"));
				return;
			}
			JsonNode request = DemoHttp.json(body);
			JsonNode userIds = (request != null) ? request.get("userIds") : null;
			this.traffic.batch(counted, (userIds != null && userIds.isArray()) ? userIds.size() : 0);
			this.conditions.pause();
			DemoHttp.send(exchange, 200, answer(exchange, endpoint, body, request));
		}
	}

	private Map<String, Object> answer(HttpExchange exchange, String endpoint, byte[] body, JsonNode request) {
		String token = exchange.getRequestHeaders().getFirst("apim-accesstoken");
		String timestamp = exchange.getRequestHeaders().getFirst("apim-timestamp");
		String signature = exchange.getRequestHeaders().getFirst("apim-signature");
		if (!this.tokens.isValid(token)) {
			return error(1203, "access token invalid or expired");
		}
		if (timestamp == null || !timestamp.matches("\\d{1,18}") || signature == null
				|| !signature.equals(EnosSignature.forRequest(token, DemoHttp.query(exchange.getRequestURI()), body,
						Long.parseLong(timestamp), DemoData.APP_SECRET))) {
			return error(1202, "signature invalid");
		}
		String organizationId = DemoHttp.text(request, "organizationId");
		List<String> userIds = userIds(request);
		if (organizationId == null || userIds == null) {
			return error(31400, "organizationId and userIds (1 to 1000 user ids) are required");
		}
		if (!DemoData.ORGANIZATION_ID.equals(organizationId)) {
			return error(31404, "OU not found");
		}
		if (endpoint.equals(STRUCTURES)) {
			String locale = DemoHttp.text(request, "locale");
			return ok(structures(userIds, (locale != null) ? locale : DemoData.DEFAULT_LOCALE));
		}
		// The real API fails the whole batch when one user is not in the OU.
		if (!userIds.stream().allMatch(DemoData::inOrganizationUnit)) {
			return error(31404, "OU not found, or some users not found in the OU");
		}
		return ok(groups(userIds));
	}

	// Users outside the OU are simply left out.
	private static Map<String, Object> structures(List<String> userIds, String locale) {
		List<Object> users = new ArrayList<>();
		Map<String, Object> structures = new LinkedHashMap<>();
		userIds.stream().filter(DemoData::inOrganizationUnit).forEach((userId) -> {
			List<Structure> assigned = DemoData.structures(userId);
			users.add(DemoHttp.object("userId", userId, "structureIds", assigned.stream().map(Structure::id).toList()));
			assigned
				.forEach((s) -> structures.putIfAbsent(s.id(), DemoHttp.object("name", s.name(locale), "id", s.id())));
		});
		return DemoHttp.object("usersUserStructures", users, "userStructures", List.copyOf(structures.values()));
	}

	private static Map<String, Object> groups(List<String> userIds) {
		List<Object> users = new ArrayList<>();
		Map<String, Object> groups = new LinkedHashMap<>();
		userIds.forEach((userId) -> {
			List<Group> assigned = DemoData.groups(userId);
			users.add(DemoHttp.object("userId", userId, "userGroupIds", assigned.stream().map(Group::id).toList()));
			assigned.forEach((g) -> groups.putIfAbsent(g.id(), DemoHttp.object("name", g.name(), "id", g.id())));
		});
		return DemoHttp.object("usersUserGroups", users, "userGroups", List.copyOf(groups.values()));
	}

	/** The distinct user ids, or null unless 1 to 1000 strings. */
	private static List<String> userIds(JsonNode request) {
		JsonNode userIds = (request != null) ? request.get("userIds") : null;
		if (userIds == null || !userIds.isArray() || userIds.isEmpty() || userIds.size() > MAX_USERS
				|| !userIds.values().stream().allMatch(JsonNode::isString)) {
			return null;
		}
		return userIds.values().stream().map(JsonNode::stringValue).distinct().toList();
	}

	private static Map<String, Object> ok(Object data) {
		return DemoHttp.object("code", 0, "message", "OK", "data", data);
	}

	private static Map<String, Object> error(int code, String message) {
		return DemoHttp.object("code", code, "message", message);
	}

}
