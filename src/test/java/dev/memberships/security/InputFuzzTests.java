package dev.memberships.security;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.memberships.testsupport.StubUpstreams;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated user ids, locales and OU ids, sent as a careful client sends
 * them (every byte outside {@code A-Za-z0-9-_.!~*'()} percent-encoded, as JavaScript's
 * {@code encodeURIComponent} does). Whatever comes in:
 * <ul>
 * <li>the answer is a 200, or a 400 problem+json (never a 5xx, never another refusal): a
 * user may always read themself, whatever their id;</li>
 * <li>Auth0 is asked with the id as exactly one path segment, decoding to the id
 * sent.</li>
 * </ul>
 * Seeded, so a build is repeatable: {@code -Dfuzz.seed=...} tries other inputs (a failure
 * names its seed), {@code -Dfuzz.count=...} scales the run. About a third of the
 * generated ids are answered, the rest refused by the firewall or the id's validation.
 */
class InputFuzzTests extends SecuredServiceTestSupport {

	private static final long SEED = Long.getLong("fuzz.seed", 20261123L);

	private static final int COUNT = Integer.getInteger("fuzz.count", 2000);

	private static final Set<String> REJECTIONS = Set.of("/problems/invalid-parameter", "/problems/rejected-request");

	private static final String[] PIECES = { "|", "||", "/", "../", "..", ".", "%2F", "%252F", "%", "%%", "%00", "%7C",
			"\\", "?", "#", "&", "=", "+", ";", " ", "\t", "\n", "\r", "\u0000", "\u0001", "\u001f", "\u007f", "\u0085",
			"\u009f", "\u00a0", "\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd", "'", "\"",
			"<script>", "${jndi:x}", "auth0", "google-oauth2", "samlp|acme|", "@", ":", "é", "e\u0301", "東京", "🙂",
			"\uD83D\uDE00", "Ω", "İ", "ß" };

	@Test
	void generatedUserIdsShouldBeAnsweredOrRefusedCleanlyAndStayOneUpstreamSegment() throws Exception {
		Random random = new Random(SEED);
		Set<String> ids = new LinkedHashSet<>();
		while (ids.size() < COUNT) {
			ids.add(userId(random));
		}
		StubUpstreams.auth0().resetRequests();
		String service = TestTokens.service();
		List<Callable<String>> checks = new ArrayList<>();
		Set<String> answered = Collections.synchronizedSet(new HashSet<>());
		int i = 0;
		for (String id : ids) {
			// A quarter of the ids ask for themselves with their own token.
			boolean self = (i++ % 4) == 0;
			checks.add(() -> {
				String token = self ? TestTokens.user(id) : service;
				HttpResponse<String> response = get("/users/" + encode(id) + "/memberships", token);
				String problem = check(response, "userId");
				if (problem == null && response.statusCode() == 200) {
					answered.add(id);
				}
				return (problem != null) ? describe(id) + (self ? " (own token)" : "") + ": " + problem : null;
			});
		}
		assertThat(run(checks)).as("seed " + SEED).isEmpty();
		List<String> upstreamIds = new ArrayList<>();
		for (ServeEvent event : StubUpstreams.auth0().getAllServeEvents()) {
			String url = event.getRequest().getUrl();
			if (url.startsWith("/api/v2/users/")) {
				String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
				String[] segments = path.split("/", -1);
				assertThat(segments).as("seed " + SEED + ": " + path).hasSize(6);
				assertThat(segments[5]).isEqualTo("organizations");
				upstreamIds.add(URLDecoder.decode(segments[4].replace("+", "%2B"), StandardCharsets.UTF_8));
			}
		}
		assertThat(answered).as("seed " + SEED).isNotEmpty();
		assertThat(upstreamIds).as("seed " + SEED).containsAll(answered);
		assertThat(ids).as("seed " + SEED).containsAll(upstreamIds);
	}

	@Test
	void generatedLocalesAndOrganizationIdsShouldBeAnsweredOrRefusedCleanly() throws Exception {
		Random random = new Random(SEED + 1);
		String service = TestTokens.service();
		List<Callable<String>> checks = new ArrayList<>();
		for (int i = 0; i < COUNT / 2; i++) {
			String value = (random.nextInt(10) == 0) ? pick(random, "en_US", "zh_CN", "ou_main", "ou-2.b", "")
					: text(random, 1 + random.nextInt((random.nextInt(10) == 0) ? 300 : 20));
			String parameter = (i % 2 == 0) ? "locale" : "organizationId";
			checks.add(() -> {
				HttpResponse<String> response = get(
						"/users/auth0%7Cfuzz/memberships?" + parameter + "=" + encode(value), service);
				String problem = check(response, parameter);
				return (problem != null) ? parameter + "=" + describe(value) + ": " + problem : null;
			});
		}
		assertThat(run(checks)).as("seed " + SEED).isEmpty();
	}

	/** Null when the answer is fine: a 200, or a 400 problem naming the parameter. */
	private String check(HttpResponse<String> response, String parameter) {
		int status = response.statusCode();
		if (status == 200) {
			return null;
		}
		if (status != 400) {
			return "status " + status + " " + response.body();
		}
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (!type.startsWith("application/problem+json")) {
			return "400 as " + type;
		}
		JsonNode body = this.json.readTree(response.body());
		String problemType = body.at("/type").asString();
		if (!REJECTIONS.contains(problemType)) {
			return "400 of type " + problemType;
		}
		if (problemType.equals("/problems/invalid-parameter") && !parameter.equals(body.at("/parameter").asString())) {
			return "400 naming " + body.at("/parameter").asString();
		}
		return null;
	}

	private static List<String> run(List<Callable<String>> checks) throws Exception {
		List<String> failures = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			for (Future<String> result : executor.invokeAll(checks, 10, TimeUnit.MINUTES)) {
				String failure = result.get();
				if (failure != null && failures.size() < 25) {
					failures.add(failure);
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
		return failures;
	}

	private static String userId(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> text(random, 1 + random.nextInt(40));
			case 1 -> "auth0|" + text(random, 1 + random.nextInt(30));
			case 2 -> pipes(random);
			case 3 -> pieces(random);
			case 4 -> "a".repeat(250 + random.nextInt(12)) + text(random, random.nextInt(3));
			default -> (random.nextBoolean() ? "x" : text(random, 5)).repeat(300 + random.nextInt(2000));
		};
	}

	// '|' at the start, the end, doubled, everywhere.
	private static String pipes(Random random) {
		StringBuilder id = new StringBuilder();
		int length = 1 + random.nextInt(20);
		for (int i = 0; i < length; i++) {
			id.append((random.nextInt(3) == 0) ? "|" : pick(random, "auth0", "a", "42", "samlp", "x"));
		}
		return id.toString();
	}

	private static String pieces(Random random) {
		StringBuilder id = new StringBuilder();
		int length = 1 + random.nextInt(6);
		for (int i = 0; i < length; i++) {
			id.append(PIECES[random.nextInt(PIECES.length)]);
		}
		return id.toString();
	}

	// Any code point but unpaired surrogates, weighted towards the awkward ones.
	private static String text(Random random, int length) {
		StringBuilder text = new StringBuilder();
		while (text.length() < length) {
			int codePoint = switch (random.nextInt(6)) {
				case 0 -> 0x20 + random.nextInt(0x5f);
				case 1 -> random.nextInt(0x20);
				case 2 -> 0x7f + random.nextInt(0x800 - 0x7f);
				case 3 -> 0x800 + random.nextInt(0xd800 - 0x800);
				case 4 -> 0xe000 + random.nextInt(0x10000 - 0xe000);
				default -> 0x10000 + random.nextInt(0x10ffff - 0x10000);
			};
			text.appendCodePoint(codePoint);
		}
		return text.toString();
	}

	private static String pick(Random random, String... values) {
		return values[random.nextInt(values.length)];
	}

	/**
	 * Like {@code encodeURIComponent}; a segment that is only {@code .} or {@code ..}
	 * would be a dot-segment, which RFC 3986 removes, so its dots are encoded too.
	 */
	static String encode(String value) {
		if (value.equals(".") || value.equals("..")) {
			return value.replace(".", "%2E");
		}
		StringBuilder encoded = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-_.!~*'()".indexOf(c) >= 0) {
				encoded.append(c);
			}
			else {
				encoded.append('%')
					.append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

	private static String describe(String value) {
		String shown = value.codePoints()
			.limit(60)
			.mapToObj((cp) -> (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x7e) ? String.format("\\u{%x}", cp)
					: Character.toString(cp))
			.reduce("", String::concat);
		return "'" + shown + "'" + ((value.length() > 60) ? " (" + value.length() + " chars)" : "");
	}

}
