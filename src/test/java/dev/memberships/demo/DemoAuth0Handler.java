package dev.memberships.demo;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.memberships.demo.DemoData.Organization;

/**
 * Auth0's Management API, as far as the service uses it, with Auth0's bearer check, error
 * bodies and rate-limit headers, so the real clients are exercised as in production:
 * {@code GET /api/v2/users/{id}/organizations} (offset paging) here, and the lists the
 * organization index sweeps, {@code GET /api/v2/organizations},
 * {@code /organizations/{id}} and {@code /organizations/{id}/members}, in
 * {@link DemoAuth0Directory}. The limit is one token bucket for every endpoint
 * ({@link UpstreamConditions#auth0RateLimit}), judged on arrival; the answer, and what
 * its headers advertise, leaves after the latency, as from a real server.
 */
final class DemoAuth0Handler implements HttpHandler {

	static final String PREFIX = "/auth0/api/v2/";

	private final DemoAuth0TokenHandler tokens;

	private final UpstreamConditions conditions;

	private final UpstreamTraffic traffic;

	private final DemoTenant tenant;

	private final DemoAuth0Directory directory;

	DemoAuth0Handler(DemoAuth0TokenHandler tokens, UpstreamConditions conditions, UpstreamTraffic traffic,
			DemoTenant tenant) {
		this.tokens = tokens;
		this.conditions = conditions;
		this.traffic = traffic;
		this.tenant = tenant;
		this.directory = new DemoAuth0Directory(tenant);
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			// Split the raw path: an id is one segment and may hold an encoded '/'.
			String[] path = exchange.getRequestURI().getRawPath().substring(PREFIX.length()).split("/", -1);
			String endpoint = exchange.getRequestMethod().equals("GET") ? endpoint(path) : null;
			if (endpoint == null) {
				DemoHttp.send(exchange, 404, error(404, "Not Found", "Not Found", null));
				return;
			}
			limited(exchange, endpoint, path);
		}
	}

	// The endpoint a path is, as UpstreamTraffic counts it, or null.
	private static String endpoint(String[] path) {
		if (path.length == 3 && path[0].equals("users") && path[2].equals("organizations")) {
			return UpstreamTraffic.AUTH0_ORGS;
		}
		if (!path[0].equals("organizations")) {
			return null;
		}
		return switch (path.length) {
			case 1 -> UpstreamTraffic.AUTH0_ORGANIZATION_LIST;
			case 2 -> UpstreamTraffic.AUTH0_ORGANIZATION;
			case 3 -> path[2].equals("members") ? UpstreamTraffic.AUTH0_MEMBERS : null;
			default -> null;
		};
	}

	// Every endpoint: counted, judged by the one bucket, its headers, then the bearer.
	private void limited(HttpExchange exchange, String endpoint, String[] path) throws IOException {
		long arrival = System.currentTimeMillis();
		this.traffic.call(endpoint);
		if (endpoint.equals(UpstreamTraffic.AUTH0_ORGS)) {
			this.traffic.perUser(decodeOrRaw(path[1]));
		}
		TokenBucket.Decision decision = this.conditions.takeAuth0(arrival);
		this.traffic.auth0Arrived(arrival);
		this.conditions.pause();
		exchange.getResponseHeaders().set("X-RateLimit-Limit", Long.toString(decision.limit()));
		exchange.getResponseHeaders().set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
		exchange.getResponseHeaders().set("X-RateLimit-Reset", Long.toString(decision.resetEpochSecond()));
		if (!decision.allowed()) {
			this.traffic.tooManyRequests();
			DemoHttp.send(exchange, 429,
					error(429, "Too Many Requests", "Global limit has been reached", "too_many_requests"));
		}
		else if (!isAuthorized(exchange)) {
			DemoHttp.send(exchange, 401, error(401, "Unauthorized", "Invalid token", null));
		}
		else {
			switch (endpoint) {
				case UpstreamTraffic.AUTH0_ORGS -> answer(exchange, path[1]);
				case UpstreamTraffic.AUTH0_ORGANIZATION_LIST -> this.directory.organizations(exchange);
				case UpstreamTraffic.AUTH0_ORGANIZATION -> this.directory.organization(exchange, path[1]);
				default -> this.directory.members(exchange, path[1]);
			}
		}
		this.traffic.auth0Answered(decision, System.currentTimeMillis());
	}

	private boolean isAuthorized(HttpExchange exchange) {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				&& this.tokens.isValid(authorization.substring(7).trim());
	}

	private static String decodeOrRaw(String raw) {
		try {
			return DemoHttp.decodeSegment(raw);
		}
		catch (IllegalArgumentException ex) {
			return raw;
		}
	}

	private void answer(HttpExchange exchange, String rawUserId) throws IOException {
		String userId;
		try {
			userId = DemoHttp.decodeSegment(rawUserId);
		}
		catch (IllegalArgumentException ex) {
			DemoHttp.send(exchange, 400, error(400, "Bad Request", "Invalid request URI", "invalid_uri"));
			return;
		}
		int page;
		int perPage;
		boolean includeTotals;
		try {
			Map<String, String> query = DemoHttp.query(exchange.getRequestURI());
			page = Integer.parseInt(query.getOrDefault("page", "0"));
			perPage = Integer.parseInt(query.getOrDefault("per_page", "50"));
			includeTotals = Boolean.parseBoolean(query.getOrDefault("include_totals", "false"));
			if (page < 0 || perPage < 1 || perPage > 100) {
				throw new IllegalArgumentException("page must be >= 0 and per_page 1 to 100");
			}
		}
		catch (IllegalArgumentException ex) {
			DemoHttp.send(exchange, 400,
					error(400, "Bad Request", "Query validation error: " + ex.getMessage(), "invalid_query_string"));
			return;
		}
		Optional<List<Organization>> known = this.tenant.organizationsOf(userId)
			.or(() -> DemoData.generatedOrganizations(userId));
		if (known.isEmpty()) {
			DemoHttp.send(exchange, 404, error(404, "Not Found", "The user does not exist.", "inexistent_user"));
			return;
		}
		List<Organization> organizations = known.get();
		int start = (int) Math.min((long) page * perPage, organizations.size());
		List<Map<String, Object>> slice = organizations.subList(start, Math.min(start + perPage, organizations.size()))
			.stream()
			.map(DemoAuth0Handler::json)
			.toList();
		DemoHttp.send(exchange, 200, includeTotals ? DemoHttp.object("start", start, "limit", perPage, "total",
				organizations.size(), "organizations", slice) : slice);
	}

	static Map<String, Object> json(Organization organization) {
		Map<String, Object> json = DemoHttp.object("id", organization.id(), "name", organization.name(), "display_name",
				organization.displayName());
		if (organization.branding() != null) {
			json.put("branding",
					DemoHttp.object("logo_url", organization.branding().logoUrl(), "colors",
							DemoHttp.object("primary", organization.branding().primary(), "page_background",
									organization.branding().pageBackground())));
		}
		json.put("metadata", organization.metadata());
		return json;
	}

	// Auth0's error body; errorCode only where Auth0 documents one.
	static Map<String, Object> error(int status, String error, String message, String errorCode) {
		Map<String, Object> json = DemoHttp.object("statusCode", status, "error", error, "message", message);
		if (errorCode != null) {
			json.put("errorCode", errorCode);
		}
		return json;
	}

}
