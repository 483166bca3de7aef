package dev.memberships.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.orgindex.TenantStubs;
import dev.memberships.testsupport.Auth0EventStubs;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.UpstreamStubs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the shared organization index's tests on Redis have in common: pods that sweep
 * every 2 s with the events webhook on, each with an Auth0 stub of its own (so that each
 * one's calls are counted apart) serving the tenant's lists, and the index's gauges.
 */
final class IndexPods {

	private static final List<String> INDEX = List.of("memberships.auth0.index.enabled=true",
			"memberships.auth0.index.rate=200", "memberships.auth0.index.sweep-interval=2s", "memberships.deadline=10s",
			"memberships.redis.timeout=1s", "memberships.events.auth0.token=" + Auth0EventStubs.EVENTS_TOKEN);

	private IndexPods() {
	}

	/**
	 * Stubs the shared upstreams (tokens, EnOS: no structures, no groups) and starts each
	 * Auth0 stub serving {@code tenant}, {@code take} members a page.
	 */
	static void stubUpstreams(int take, Map<String, List<String>> tenant, List<WireMockServer> auth0s) {
		WireMockServer enos = StubUpstreams.enos();
		UpstreamStubs.tokens(StubUpstreams.auth0(), enos);
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("nobody")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.enosCode(31404)));
		for (WireMockServer auth0 : auth0s) {
			auth0.start();
			TenantStubs.tenant(auth0::stubFor, take, tenant);
		}
	}

	/** A pod's settings: the index on, its own Auth0 stub, and {@code more}. */
	static String[] properties(WireMockServer auth0, String... more) {
		List<String> properties = new ArrayList<>(INDEX);
		properties.add("memberships.auth0.base-url=" + auth0.baseUrl());
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	/**
	 * One of the index's gauges ({@code memberships.auth0.index.<name>}); NaN before it
	 * exists.
	 */
	static double gauge(RedisPods.Pod pod, String name) {
		Gauge gauge = pod.context().getBean(MeterRegistry.class).find("memberships.auth0.index." + name).gauge();
		return (gauge != null) ? gauge.value() : Double.NaN;
	}

}
