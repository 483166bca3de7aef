package dev.memberships.upstream;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Starts every test of a Spring test context with upstreams that remember nothing: open
 * rate-limit gates, closed breakers, empty retry budgets. Spring reuses a context across
 * tests, while WireMock forgets its stubs after each one; without this, a 429 or a run of
 * 5xx stubbed by one test would close a gate or open a breaker for the next.
 */
class ResetUpstreamResilienceTestExecutionListener implements TestExecutionListener {

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeanProvider(UpstreamResilienceRegistry.class).ifAvailable(UpstreamResilienceRegistry::reset);
	}

}
