package dev.memberships;

import dev.memberships.demo.DemoConfiguration;

import org.springframework.boot.SpringApplication;

/**
 * The service on the demo upstreams and the demo token issuer, for trying it out:
 * {@code ./mvnw spring-boot:test-run}. Lives with the tests, so that nothing of the demo
 * reaches the jar: the production application started this way refuses to start without
 * its upstreams configured.
 */
public final class TestMembershipsApplication {

	private TestMembershipsApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(MembershipsApplication::main).with(DemoConfiguration.class).run(args);
	}

}
