package dev.memberships.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * Auth0 and the EnOS API gateway over real HTTP, on 127.0.0.1 and a free port: a small
 * Auth0 under {@code /auth0}, a small EnOS gateway under {@code /enos} and a token issuer
 * for the API's own callers under {@code /issuer} ({@link DemoIssuer}). They speak the
 * real protocols (client-credentials token, a user's paged organizations and the tenant's
 * checkpoint-paged organization and member lists ({@link DemoTenant}) with
 * {@code X-RateLimit-*} headers, EnOS token, request signatures, both batch endpoints and
 * their envelopes), so the real clients run unchanged against them.
 * <p>
 * The one fake of both upstreams: {@code ./mvnw spring-boot:test-run} runs the service on
 * it ({@link DemoConfiguration}), and so does the benchmark, which slows it down, limits
 * it and takes parts of it down through {@link #conditions()}, reads what it was asked
 * through {@link #traffic()} and loads it with generated users ({@link DemoData}).
 */
public final class DemoUpstreams implements AutoCloseable {

	/** The EnOS OU these upstreams know: the service's default in the demo. */
	public static final String ORGANIZATION_ID = DemoData.ORGANIZATION_ID;

	static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

	static final String AUDIENCES = "spring.security.oauth2.resourceserver.jwt.audiences";

	// Room for the benchmark's bursts of connections.
	private static final int BACKLOG = 4096;

	private final UpstreamConditions conditions = new UpstreamConditions();

	private final UpstreamTraffic traffic = new UpstreamTraffic();

	private final DemoTenant tenant = new DemoTenant();

	private HttpServer server;

	private ExecutorService executor;

	private String baseUrl;

	private DemoIssuer issuer;

	/** Binds a free loopback port and starts serving; returns this. */
	public synchronized DemoUpstreams start() {
		if (this.server != null) {
			return this;
		}
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), BACKLOG);
			String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
			DemoAuth0TokenHandler auth0Tokens = new DemoAuth0TokenHandler(baseUrl + DemoAuth0Handler.PREFIX,
					this.conditions, this.traffic);
			server.createContext(DemoAuth0TokenHandler.PATH, auth0Tokens);
			server.createContext(DemoAuth0Handler.PREFIX,
					new DemoAuth0Handler(auth0Tokens, this.conditions, this.traffic, this.tenant));
			DemoEnosTokenHandler enosTokens = new DemoEnosTokenHandler(this.conditions, this.traffic);
			server.createContext(DemoEnosTokenHandler.PREFIX, enosTokens);
			server.createContext(DemoEnosPortalHandler.PREFIX,
					new DemoEnosPortalHandler(enosTokens, this.conditions, this.traffic));
			DemoIssuer issuer = new DemoIssuer(baseUrl);
			server.createContext(DemoIssuer.PREFIX, issuer);
			// Platform threads: the fake must not share the virtual-thread scheduler with
			// the service it serves (in the demo) or measures (in the benchmark).
			this.executor = Executors
				.newCachedThreadPool(Thread.ofPlatform().daemon().name("demo-upstreams-", 0).factory());
			server.setExecutor(this.executor);
			startAsDaemon(server);
			this.server = server;
			this.baseUrl = baseUrl;
			this.issuer = issuer;
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the demo upstreams", ex);
		}
	}

	/** Stops serving at once; safe to call twice. */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop(0);
			this.executor.shutdownNow();
			this.server = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/** {@code http://127.0.0.1:<port>}, without a trailing slash. */
	public synchronized String baseUrl() {
		if (this.server == null) {
			throw new IllegalStateException("The demo upstreams are not running");
		}
		return this.baseUrl;
	}

	/** The demo token issuer served under {@code /issuer/}. */
	public synchronized DemoIssuer issuer() {
		if (this.server == null) {
			throw new IllegalStateException("The demo upstreams are not running");
		}
		return this.issuer;
	}

	/** Latency, Auth0's rate limit and EnOS user groups' outage, changeable any time. */
	public UpstreamConditions conditions() {
		return this.conditions;
	}

	/**
	 * The Auth0 tenant behind the per-user and list endpoints, changeable while they run.
	 */
	public DemoTenant tenant() {
		return this.tenant;
	}

	/** What these upstreams were asked so far. */
	public UpstreamTraffic traffic() {
		return this.traffic;
	}

	/**
	 * The {@code spring.security.oauth2.resourceserver.jwt.*} properties that make the
	 * API accept the demo issuer's tokens: its issuer, its JWKS and the demo audience.
	 */
	public Map<String, String> resourceServerProperties() {
		DemoIssuer issuer = issuer();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(ISSUER_URI, issuer.issuer());
		properties.put(JWK_SET_URI, issuer.jwkSetUri());
		properties.put(AUDIENCES, DemoIssuer.AUDIENCE);
		return properties;
	}

	/** The {@code memberships.*} properties that point the service at these upstreams. */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("memberships.auth0.base-url", baseUrl() + "/auth0");
		properties.put("memberships.auth0.client-id", DemoData.CLIENT_ID);
		properties.put("memberships.auth0.client-secret", DemoData.CLIENT_SECRET);
		properties.put("memberships.enos.base-url", baseUrl() + "/enos");
		properties.put("memberships.enos.app-key", DemoData.APP_KEY);
		properties.put("memberships.enos.app-secret", DemoData.APP_SECRET);
		properties.put("memberships.enos.organization-id", DemoData.ORGANIZATION_ID);
		return properties;
	}

	/**
	 * The JDK server's dispatcher thread inherits daemon status from the thread that
	 * starts it. Starting it from a daemon thread means the demo can never keep a JVM
	 * alive, even if the application fails before it could stop the server.
	 */
	private static void startAsDaemon(HttpServer server) {
		Thread starter = Thread.ofPlatform().daemon().name("demo-upstreams-start").start(server::start);
		try {
			starter.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			server.stop(0);
			throw new IllegalStateException("Interrupted while starting the demo upstreams", ex);
		}
	}

}
