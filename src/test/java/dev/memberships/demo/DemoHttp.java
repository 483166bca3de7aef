package dev.memberships.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The little HTTP plumbing both demo upstreams share: bodies in and out, query strings,
 * path segments.
 */
final class DemoHttp {

	static final JsonMapper JSON = JsonMapper.shared();

	/** No request of these APIs is anywhere near this; a larger body is refused. */
	private static final int MAX_BODY_BYTES = 1024 * 1024;

	private DemoHttp() {
	}

	/** The body exactly as received: EnOS signs these very bytes. */
	static byte[] body(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
			if (body.length > MAX_BODY_BYTES) {
				throw new IllegalArgumentException("Request body too large");
			}
			return body;
		}
	}

	/** The body as JSON, or null when it is not JSON at all. */
	static JsonNode json(byte[] body) {
		try {
			return JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** A string field, or null when absent or not a string. */
	static String text(JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	static void send(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** A JSON object whose members keep the given order, as in the vendors' samples. */
	static Map<String, Object> object(Object... namesAndValues) {
		Map<String, Object> object = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			object.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return object;
	}

	/** Query parameters, decoded; a repeated name keeps its last value. */
	static Map<String, String> query(URI uri) {
		return form(uri.getRawQuery());
	}

	/** An {@code application/x-www-form-urlencoded} text, decoded. */
	static Map<String, String> form(String raw) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return parameters;
		}
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

	/**
	 * Percent-decodes one path segment. Unlike a form value, {@code +} is a plus sign
	 * here, so it is protected before {@link URLDecoder} sees it.
	 * @throws IllegalArgumentException on a malformed escape
	 */
	static String decodeSegment(String raw) {
		return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
