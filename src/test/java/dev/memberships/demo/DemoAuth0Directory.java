package dev.memberships.demo;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import dev.memberships.demo.DemoData.Organization;

/**
 * The demo tenant's lists as Auth0 serves them, once {@link DemoAuth0Handler} has
 * counted, limited and authorized the request: {@code GET /api/v2/organizations},
 * {@code GET /api/v2/organizations/{id}} and {@code GET
 * /api/v2/organizations/{id}/members}. The lists page by checkpoint ({@code from},
 * {@code take} 1 to 100; answer {@code {organizations|members: [...], next}}, no
 * {@code next} on the last page) or, when neither is given, by offset ({@code page},
 * {@code per_page}, {@code include_totals}), which Auth0 refuses past 1,000 records.
 * Members carry {@code user_id}, {@code email}, {@code picture} and {@code name}, or only
 * the {@code fields} asked for.
 */
final class DemoAuth0Directory {

	/** Auth0 refuses offset pagination past this many records. */
	static final int OFFSET_LIMIT = 1000;

	private final DemoTenant tenant;

	DemoAuth0Directory(DemoTenant tenant) {
		this.tenant = tenant;
	}

	void organizations(HttpExchange exchange) throws IOException {
		Map<String, String> query = DemoHttp.query(exchange.getRequestURI());
		if (isCheckpoint(query)) {
			Paging paging = Paging.of(exchange, query);
			if (paging != null) {
				DemoTenant.Page<Organization> page = this.tenant.organizations(paging.from(), paging.take());
				send(exchange, "organizations", page.items().stream().map(DemoAuth0Handler::json).toList(),
						page.next());
			}
			return;
		}
		offset(exchange, query, "organizations",
				this.tenant.allOrganizations().stream().map(DemoAuth0Handler::json).toList());
	}

	void organization(HttpExchange exchange, String rawId) throws IOException {
		Optional<Organization> organization = this.tenant.organization(DemoHttp.decodeSegment(rawId));
		if (organization.isEmpty()) {
			notFound(exchange);
			return;
		}
		DemoHttp.send(exchange, 200, DemoAuth0Handler.json(organization.get()));
	}

	void members(HttpExchange exchange, String rawId) throws IOException {
		String organizationId = DemoHttp.decodeSegment(rawId);
		Map<String, String> query = DemoHttp.query(exchange.getRequestURI());
		Set<String> fields = fields(query);
		if (isCheckpoint(query)) {
			Paging paging = Paging.of(exchange, query);
			if (paging != null) {
				Optional<DemoTenant.Page<String>> page = this.tenant.members(organizationId, paging.from(),
						paging.take());
				if (page.isEmpty()) {
					notFound(exchange);
					return;
				}
				send(exchange, "members", page.get().items().stream().map((id) -> member(id, fields)).toList(),
						page.get().next());
			}
			return;
		}
		Optional<DemoTenant.Page<String>> all = this.tenant.members(organizationId, null, Integer.MAX_VALUE);
		if (all.isEmpty()) {
			notFound(exchange);
			return;
		}
		offset(exchange, query, "members", all.get().items().stream().map((id) -> member(id, fields)).toList());
	}

	private static boolean isCheckpoint(Map<String, String> query) {
		return query.containsKey("from") || query.containsKey("take");
	}

	private static void send(HttpExchange exchange, String list, List<Map<String, Object>> items, String next)
			throws IOException {
		Map<String, Object> body = DemoHttp.object(list, items);
		if (next != null) {
			body.put("next", next);
		}
		DemoHttp.send(exchange, 200, body);
	}

	private static void offset(HttpExchange exchange, Map<String, String> query, String list,
			List<Map<String, Object>> items) throws IOException {
		int page;
		int perPage;
		try {
			page = Integer.parseInt(query.getOrDefault("page", "0"));
			perPage = Integer.parseInt(query.getOrDefault("per_page", "50"));
		}
		catch (NumberFormatException ex) {
			badQuery(exchange, "page and per_page must be numbers");
			return;
		}
		if (page < 0 || perPage < 1 || perPage > 100) {
			badQuery(exchange, "page must be >= 0 and per_page 1 to 100");
			return;
		}
		if ((long) (page + 1) * perPage > OFFSET_LIMIT) {
			DemoHttp.send(exchange, 400, DemoAuth0Handler.error(400, "Bad Request",
					"Requesting page exceeds the allowed maximum of 1000 records", "invalid_paging"));
			return;
		}
		int start = Math.min(page * perPage, items.size());
		List<Map<String, Object>> slice = items.subList(start, Math.min(start + perPage, items.size()));
		boolean totals = Boolean.parseBoolean(query.getOrDefault("include_totals", "false"));
		DemoHttp.send(exchange, 200,
				totals ? DemoHttp.object("start", start, "limit", perPage, "total", items.size(), list, slice) : slice);
	}

	private static Set<String> fields(Map<String, String> query) {
		String fields = query.get("fields");
		if (fields == null || fields.isBlank() || "false".equals(query.get("include_fields"))) {
			// Excluding fields is not simulated: every field is sent.
			return Set.of();
		}
		return Arrays.stream(fields.split(",")).map(String::trim).collect(Collectors.toSet());
	}

	private static Map<String, Object> member(String userId, Set<String> fields) {
		Map<String, Object> member = DemoHttp.object("user_id", userId, "email",
				userId.replaceAll("[^A-Za-z0-9]", ".") + "@example.com", "picture",
				"https://example.com/avatars/default.png", "name", userId);
		if (!fields.isEmpty()) {
			member.keySet().retainAll(fields);
		}
		return member;
	}

	private static void notFound(HttpExchange exchange) throws IOException {
		DemoHttp.send(exchange, 404, DemoAuth0Handler.error(404, "Not Found",
				"No organization found by that id or name", "inexistent_organization"));
	}

	private static void badQuery(HttpExchange exchange, String message) throws IOException {
		DemoHttp.send(exchange, 400, DemoAuth0Handler.error(400, "Bad Request", "Query validation error: " + message,
				"invalid_query_string"));
	}

	/** A checkpoint request: {@code from} (null for the first page) and {@code take}. */
	private record Paging(String from, int take) {

		/** The paging asked for, or null once a 400 has been sent. */
		static Paging of(HttpExchange exchange, Map<String, String> query) throws IOException {
			int take;
			try {
				take = Integer.parseInt(query.getOrDefault("take", "50"));
			}
			catch (NumberFormatException ex) {
				take = -1;
			}
			if (take < 1 || take > 100) {
				badQuery(exchange, "take must be 1 to 100");
				return null;
			}
			String from = query.get("from");
			try {
				// Only a checkpoint these lists gave is accepted.
				DemoTenant.checkpointId(from);
			}
			catch (IllegalArgumentException ex) {
				badQuery(exchange, "from is not a valid checkpoint");
				return null;
			}
			return new Paging((from == null || from.isEmpty()) ? null : from, take);
		}

	}

}
