package dev.memberships.bench;

import java.io.IOException;
import java.time.Duration;

import dev.memberships.demo.DemoUpstreams;

/**
 * The demo upstreams alone in a JVM of their own, for {@link ClientComparison}: so that
 * the CPU the comparison reads of its own process is the clients' only. Prints one line,
 * {@code <base-url> <auth0-client-id> <auth0-client-secret>}, then serves until its
 * standard input closes (the parent ending, however it ends).
 */
public final class UpstreamsProcess {

	private UpstreamsProcess() {
	}

	public static void main(String[] args) throws IOException {
		try (DemoUpstreams upstreams = new DemoUpstreams().start()) {
			upstreams.conditions().auth0Unlimited();
			upstreams.conditions().latency(Duration.ofMillis(Long.parseLong(args[0])));
			System.out.println(upstreams.baseUrl() + " " + upstreams.properties().get("memberships.auth0.client-id")
					+ " " + upstreams.properties().get("memberships.auth0.client-secret"));
			System.out.flush();
			while (System.in.read() != -1) {
				// Nothing is ever sent: only the end of the stream matters.
			}
		}
	}

}
