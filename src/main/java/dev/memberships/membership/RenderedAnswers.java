package dev.memberships.membership;

import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.membership.cache.CachePolicy;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.util.DigestUtils;

/**
 * The JSON of answers and their ETag. An answer made of fresh cache entries is serialized
 * and hashed once per set of entries, and served as those bytes until one of its entries
 * is loaded again: a cached answer costs neither serialization nor hashing. Other answers
 * (just loaded, stale, partial) are rendered each time, as they change between requests.
 */
@Component
class RenderedAnswers {

	private final JsonMapper json;

	private final Cache<MembershipQuery, Kept> kept;

	RenderedAnswers(JsonMapper json, MembershipsProperties properties, Ticker ticker) {
		this.json = json;
		MembershipsProperties.Caches caches = properties.cache();
		// The entries are fresh for at most the longest ttl; past it the answer is made
		// anew anyway.
		this.kept = Caffeine.newBuilder()
			.ticker(ticker)
			.maximumSize(caches.renderedAnswers())
			.expireAfterWrite(Stream.of(caches.organizations(), caches.structures(), caches.userGroups())
				.map(CachePolicy::ttl)
				.max(Comparator.naturalOrder())
				.orElseThrow())
			.build();
	}

	/** An answer, serialized now. */
	Rendered render(Memberships memberships) {
		byte[] bytes = this.json.writeValueAsBytes(memberships);
		return new Rendered(memberships, bytes, etag(bytes));
	}

	/**
	 * The answer made of these fresh entries: the bytes kept for the query when they were
	 * made of the very same entries, otherwise merged, serialized and kept.
	 */
	Rendered render(MembershipQuery query, FreshEntries fresh, Function<FreshEntries, Memberships> merge) {
		Kept known = this.kept.getIfPresent(query);
		if (known != null && known.fresh().sameEntries(fresh)) {
			return known.rendered();
		}
		Rendered rendered = render(merge.apply(fresh));
		this.kept.put(query, new Kept(fresh, rendered));
		return rendered;
	}

	// The weak ETag Spring's ShallowEtagHeaderFilter would write for these bytes, so that
	// callers' If-None-Match values stay valid: W/"0" + the MD5 of the body in hex. Weak:
	// the same answer goes out gzip-compressed or not (docs/api.md).
	private static String etag(byte[] bytes) {
		return "W/\"0" + DigestUtils.md5DigestAsHex(bytes) + "\"";
	}

	/**
	 * An answer ready to send.
	 *
	 * @param memberships the answer
	 * @param json its JSON
	 * @param etag its weak ETag
	 */
	record Rendered(Memberships memberships, byte[] json, String etag) {
	}

	private record Kept(FreshEntries fresh, Rendered rendered) {
	}

}
