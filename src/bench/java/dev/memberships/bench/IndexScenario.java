package dev.memberships.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import dev.memberships.bench.Forks.Service;
import dev.memberships.demo.DemoIssuer;
import dev.memberships.demo.DemoTenant;
import dev.memberships.demo.DemoUpstreams;
import dev.memberships.demo.UpstreamTraffic;
import dev.memberships.demo.UpstreamTraffic.Counts;

/**
 * The organization index against per-user calls ({@code --only index}), in issue 22's
 * setup: a tenant of 50 organizations and 400 users (each in 2), 200 of them active and
 * asking every 2 s, the organizations {@code ttl} at 10 s, Auth0 limited to 2 requests a
 * second (burst 2) by the demo, {@code index.rate} 1, {@code sweep-interval} 30 s, events
 * delivered. Once without and once with the index, each in a fresh service JVM: the
 * answers and Auth0 calls while serving, events' changes, a batch of the 200 users never
 * asked, a change whose event was lost, and a batch of 1,000 more users never asked
 * (added to the tenant, without events, at the lost change). Prints one table, also in
 * {@code target/bench/index/index.md}.
 */
final class IndexScenario {

	static final String NAME = "index";

	static final int ORGANIZATIONS = 50;

	static final int USERS = 400;

	static final int ACTIVE = 200;

	static final int EXTRA_USERS = 1000;

	static final Duration PERIOD = Duration.ofSeconds(2);

	static final Duration TTL = Duration.ofSeconds(10);

	static final Duration SERVING = Duration.ofSeconds(30);

	static final Duration UNDER_LOAD_WAIT = Duration.ofSeconds(240);

	/** Without the index, the time the other run's first sweep takes, before serving is measured. */
	static final Duration WARM_WITHOUT_INDEX = Duration.ofSeconds(50);

	// The Event Stream's static bearer token; at least 32 characters.
	private static final String EVENTS_TOKEN = "bench-events-token-0123456789abcdefghij";

	private final Path jar;

	private final Path out;

	/** {@code --index-under-load}: only whether a first sweep completes under the load. */
	private final boolean underLoad;

	IndexScenario(Map<String, String> options) {
		this.jar = Path.of(options.get("jar")).toAbsolutePath();
		this.out = Path.of(options.getOrDefault("out", "target/bench")).toAbsolutePath().resolve(NAME);
		this.underLoad = options.containsKey("index-under-load");
	}

	void run() throws Exception {
		Files.createDirectories(this.out);
		try (DemoUpstreams upstreams = new DemoUpstreams().start()) {
			Forks forks = new Forks(this.jar, this.out, upstreams);
			forks.extract();
			String token = upstreams.issuer()
				.mint("bench-index@clients", DemoIssuer.AUDIENCE, List.of("read:memberships"), Duration.ofHours(1));
			if (this.underLoad) {
				underLoad(forks, upstreams, token);
				return;
			}
			List<IndexOutcome> outcomes = new ArrayList<>();
			for (boolean index : new boolean[] { false, true }) {
				outcomes.add(mode(index, forks, upstreams, token));
			}
			String table = IndexTable.of(outcomes);
			System.out.println();
			System.out.println(table);
			Files.writeString(this.out.resolve("index.md"), table);
		}
	}

	private IndexOutcome mode(boolean index, Forks forks, DemoUpstreams upstreams, String token) throws Exception {
		String tag = index ? "on" : "off";
		Tenant tenant = new Tenant(upstreams.tenant(), tag);
		upstreams.conditions().latency(Benchmark.LATENCY);
		upstreams.conditions().auth0RateLimit(2, 2);
		String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
		System.out.printf("Index scenario %s: starting the service (load average %s)%n", tag, loadBefore);
		Service service = forks.pods(List.of(NAME + "-" + tag), properties(index)).get(0);
		IndexClient client = new IndexClient(service, token, EVENTS_TOKEN);
		UpstreamTraffic traffic = upstreams.traffic();
		IndexOutcome.Builder outcome = new IndexOutcome.Builder(index ? "with the index" : "without the index",
				loadBefore);
		try (service) {
			long start = System.nanoTime();
			if (index) {
				// Before the load: under it, per-user calls take all of Auth0's budget and no
				// first sweep completes (docs/performance.md).
				IndexProbes.await(client::indexReady, Duration.ofSeconds(240));
				outcome.readySeconds((System.nanoTime() - start) / 1e9);
				System.out.printf("Index ready after %.0f s%n", (System.nanoTime() - start) / 1e9);
			}
			try (ActiveUsers load = new ActiveUsers(client, tenant.users(0, ACTIVE), PERIOD)) {
				// With the index, one ttl: every active user asked and cached once.
				Thread.sleep(index ? TTL : WARM_WITHOUT_INDEX);
				ActiveUsers.Tally tallyBefore = load.tally();
				Counts before = traffic.counts();
				long servingStart = System.nanoTime();
				Thread.sleep(SERVING);
				outcome.serving(load.tally().minus(tallyBefore), traffic.counts().minus(before),
						(System.nanoTime() - servingStart) / 1e9);
				System.out.println("Serving measured; events");
				IndexProbes probes = new IndexProbes(client, traffic);
				outcome.events(probes.events(tenant, index ? Duration.ofSeconds(10) : Duration.ofSeconds(20)));
				outcome.batch(probes.batch(tenant.users(ACTIVE, USERS)));
				System.out.println("Batch of 200 done; a lost change and 1,000 new users without events");
				long sweeps = client.sweeps();
				long changed = System.nanoTime();
				tenant.addExtraUsers();
				outcome.lost(probes.lostChanges(tenant, index ? Duration.ofSeconds(200) : Duration.ofSeconds(90)));
				if (index) {
					// Two more sweeps: the second surely started after the change.
					IndexProbes.await(() -> client.sweeps() >= sweeps + 2, Duration.ofSeconds(240));
					System.out.printf("Two sweeps after the change in %.0f s%n", (System.nanoTime() - changed) / 1e9);
				}
				outcome.extraBatch(probes.batch(tenant.extraUsers()));
				outcome.loadAfter(Files.readString(Path.of("/proc/loadavg")).trim());
			}
		}
		IndexOutcome result = outcome.build();
		// At once: a later failure must not lose this run's figures.
		System.out.println(IndexTable.of(List.of(result)));
		return result;
	}

	/**
	 * The index switched on while the active users already ask: how long until its first
	 * sweep completes, and how many sweeps were abandoned meanwhile (from the service's log).
	 */
	private void underLoad(Forks forks, DemoUpstreams upstreams, String token) throws Exception {
		Tenant tenant = new Tenant(upstreams.tenant(), "load");
		upstreams.conditions().latency(Benchmark.LATENCY);
		upstreams.conditions().auth0RateLimit(2, 2);
		System.out.printf("Index under load: starting the service (load average %s)%n",
				Files.readString(Path.of("/proc/loadavg")).trim());
		try (Service service = forks.pods(List.of(NAME + "-under-load"), properties(true)).get(0)) {
			IndexClient client = new IndexClient(service, token, EVENTS_TOKEN);
			long start = System.nanoTime();
			Counts before = upstreams.traffic().counts();
			String ready;
			try (ActiveUsers load = new ActiveUsers(client, tenant.users(0, ACTIVE), PERIOD)) {
				IndexProbes.await(client::indexReady, UNDER_LOAD_WAIT);
				ready = "%.0f s".formatted((System.nanoTime() - start) / 1e9);
			}
			catch (IllegalStateException ex) {
				ready = "not within " + UNDER_LOAD_WAIT.toSeconds() + " s";
			}
			long abandoned;
			try (var lines = Files.lines(this.out.resolve("pod-" + NAME + "-under-load.log"))) {
				abandoned = lines.filter((line) -> line.contains("Organization index sweep failed")).count();
			}
			Counts calls = upstreams.traffic().counts().minus(before);
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf(Locale.ROOT,
					"%nIndex under load (%d active users from the start): first complete sweep %s; "
							+ "sweeps abandoned meanwhile %d; in %.0f s Auth0 calls/s: per-user %.2f, sweep %.2f "
							+ "(organization list %d, member lists %d calls), 429s %d; load average %s%n",
					ACTIVE, ready, abandoned, seconds, calls.calls().get(UpstreamTraffic.AUTH0_ORGS) / seconds,
					(calls.calls().get(UpstreamTraffic.AUTH0_ORGANIZATION_LIST)
							+ calls.calls().get(UpstreamTraffic.AUTH0_MEMBERS)) / seconds,
					calls.calls().get(UpstreamTraffic.AUTH0_ORGANIZATION_LIST),
					calls.calls().get(UpstreamTraffic.AUTH0_MEMBERS), calls.tooManyRequests(),
					Files.readString(Path.of("/proc/loadavg")).trim());
		}
	}

	private static Map<String, String> properties(boolean index) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("memberships.cache.organizations.ttl", TTL.toSeconds() + "s");
		properties.put("memberships.cache.organizations.refresh-after", "8s");
		properties.put("memberships.events.auth0.token", EVENTS_TOKEN);
		properties.put("memberships.auth0.index.enabled", Boolean.toString(index));
		properties.put("memberships.auth0.index.rate", "1");
		properties.put("memberships.auth0.index.sweep-interval", "30s");
		return properties;
	}

	/**
	 * The scenario's users in the demo tenant, emptied first: 50 organizations, 400 users
	 * in 2 each (16 members an organization, one page); later 1,000 more, in 1 each.
	 */
	record Tenant(DemoTenant tenant, String tag) {

		Tenant {
			tenant.clear();
			for (int o = 0; o < ORGANIZATIONS; o++) {
				tenant.addOrganization(organization(tag, o));
			}
			for (int n = 0; n < USERS; n++) {
				tenant.addMember(organization(tag, n % ORGANIZATIONS), user(tag, n));
				tenant.addMember(organization(tag, second(n)), user(tag, n));
			}
		}

		List<String> users(int from, int to) {
			return IntStream.range(from, to).mapToObj((n) -> user(this.tag, n)).toList();
		}

		String user(int n) {
			return user(this.tag, n);
		}

		/** An organization user {@code n} is not in. */
		String otherOrganization(int n) {
			return organization(this.tag, (n % ORGANIZATIONS + ORGANIZATIONS / 2) % ORGANIZATIONS);
		}

		String firstOrganization(int n) {
			return organization(this.tag, n % ORGANIZATIONS);
		}

		void addExtraUsers() {
			for (int n = 0; n < EXTRA_USERS; n++) {
				this.tenant.addMember(organization(this.tag, n % ORGANIZATIONS), extraUser(n));
			}
		}

		List<String> extraUsers() {
			return IntStream.range(0, EXTRA_USERS).mapToObj(this::extraUser).toList();
		}

		private String extraUser(int n) {
			return "bench|ix-%s-x%04d".formatted(this.tag, n);
		}

		// Another organization than n % 50: 1 to 22 further on.
		private static int second(int n) {
			return (n % ORGANIZATIONS + 1 + 3 * (n / ORGANIZATIONS)) % ORGANIZATIONS;
		}

		private static String organization(String tag, int o) {
			return "org_%s_%02d".formatted(tag, o);
		}

		private static String user(String tag, int n) {
			return "bench|ix-%s-%03d".formatted(tag, n);
		}

	}

}
