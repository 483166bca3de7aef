package dev.memberships.warmup;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.upstream.TenantGate;
import dev.memberships.upstream.UpstreamResilience;

/**
 * Loads and compiles the request path before the first caller's request: the warm-up's
 * own users are asked for over HTTP on the API port, so every layer a caller's request
 * goes through runs (Tomcat, the security filters and the token check, the controller,
 * the service, the caches and, with Redis, the shared level, the upstream clients with
 * their resilience, Reactor Netty), first as misses, then as cached answers.
 * <p>
 * Why this costs the real upstreams nothing: while it runs, {@link LoopbackRedirect}
 * sends every upstream request to {@link LoopbackUpstreams} in this process, which
 * answers only the warm-up's users (random ids, their own OU) and refuses every other;
 * the tokens held for the real upstreams stay untouched (the loopback's own expire at
 * once), and the Auth0 gate's tenant share (Redis) is set aside, so the tenant's rate is
 * not spent on it. The warm-up's callers' tokens are its own ({@link WarmUpTokens}).
 * Everything is put back in {@code finally}, after the last request has been answered:
 * each ends within the deadline, so the redirect never outlives the warm-up by more.
 * Sending stops when the time given is up. What stays behind: the warm-up users' cache
 * entries (and Redis entries, under their random ids, until their time to live), and the
 * upstream calls counted in the metrics.
 */
final class RequestPathWarmUp {

	private static final int CONCURRENCY = 8;

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private final int requests;

	private final WarmUpUsers users = new WarmUpUsers();

	private final LoopbackRedirect redirect;

	private final WarmUpTokens tokens;

	private final UpstreamResilience tenantUpstream;

	private final TenantGate tenantGate;

	private final Ticker ticker;

	RequestPathWarmUp(int requests, LoopbackRedirect redirect, WarmUpTokens tokens, UpstreamResilience tenantUpstream,
			TenantGate tenantGate, Ticker ticker) {
		this.requests = requests;
		this.redirect = redirect;
		this.tokens = tokens;
		this.tenantUpstream = tenantUpstream;
		this.tenantGate = tenantGate;
		this.ticker = ticker;
	}

	/**
	 * Starts what the requests need that takes long to make, the key pair of their
	 * tokens, so that it is made while the warm-up's steps wait for the upstreams.
	 */
	void prepare() {
		if (this.requests > 0) {
			this.tokens.start();
		}
	}

	/** Nothing of the warm-up's is accepted any more, whether it ran or not. */
	void done() {
		this.tokens.stop();
	}

	/**
	 * Sends the warm-up's requests to the API on {@code port}, until done or the time is
	 * up.
	 * @return how many were answered {@code 200} with every source complete, of how many
	 */
	String run(int port, Duration time) throws Exception {
		if (this.requests == 0) {
			return "no requests";
		}
		long stopAt = this.ticker.read() + time.toNanos();
		AtomicInteger complete = new AtomicInteger();
		Map<Integer, Integer> others = new ConcurrentSkipListMap<>();
		int sent = 0;
		try (LoopbackUpstreams loopback = LoopbackUpstreams.start(this.users);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
				HttpClient http = HttpClient.newBuilder().executor(callers).build()) {
			this.redirect.to(loopback.baseUrl());
			this.tenantUpstream.shareRateLimitWith(TenantGate.LOCAL);
			try {
				this.tokens.awaitStarted(Duration.ofNanos(stopAt - this.ticker.read()));
				// Half new users (misses: the upstream clients), half the same again
				// (hits), each user's token signed once, on the callers' threads.
				int distinct = Math.max(1, this.requests / 2);
				Map<String, String> bearers = new ConcurrentHashMap<>();
				while (sent < this.requests && this.ticker.read() < stopAt) {
					List<Future<?>> round = new ArrayList<>();
					for (int i = 0; i < CONCURRENCY && sent < this.requests; i++, sent++) {
						String user = this.users.user(sent % distinct);
						round.add(callers.submit(() -> {
							HttpRequest request = request(port, user,
									bearers.computeIfAbsent(user, this.tokens::bearer));
							HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
							if (response.statusCode() == 200 && response.body().contains("\"complete\":true")) {
								complete.incrementAndGet();
							}
							else {
								others.merge(response.statusCode(), 1, Integer::sum);
							}
							return null;
						}));
					}
					for (Future<?> answer : round) {
						answer.get();
					}
				}
			}
			finally {
				this.tokens.stop();
				this.tenantUpstream.shareRateLimitWith(this.tenantGate);
				this.redirect.off();
			}
		}
		return complete.get() + " of " + sent + " complete" + (others.isEmpty() ? "" : ", others by status " + others);
	}

	private HttpRequest request(int port, String userId, String bearer) {
		String path = "/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20")
				+ "/memberships?organizationId="
				+ URLEncoder.encode(this.users.organizationId(), StandardCharsets.UTF_8);
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", bearer)
			.timeout(REQUEST_TIMEOUT)
			.build();
	}

}
