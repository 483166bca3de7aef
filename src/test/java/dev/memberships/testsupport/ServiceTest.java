package dev.memberships.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The whole service over real HTTP, on random API and management ports, against the
 * shared {@link StubUpstreams}, with {@code dev.memberships.security.TestTokens}' issuer
 * and a {@link MutableTicker} for the caches. Every class annotated with it, and with
 * nothing else that shapes the context, runs in one cached application context: the
 * service starts once for all of them.
 * <p>
 * To join, a test class:
 * <ul>
 * <li>is annotated {@code @ServiceTest} (or extends a class that is);</li>
 * <li>stubs what it needs on {@link StubUpstreams#auth0()} and
 * {@link StubUpstreams#enos()} in its tests or {@code @BeforeEach}: both servers are
 * reset before each test, and the upstreams' breakers, gates and budgets are too (by
 * {@code ResetUpstreamResilienceTestExecutionListener});</li>
 * <li>forgets cached answers it depends on ({@code MembershipSources.evictAll()}), since
 * earlier classes used the same caches;</li>
 * <li>adds no {@code properties}, {@code @TestPropertySource},
 * {@code @DynamicPropertySource}, {@code @MockitoBean}, {@code @Import} or nested
 * {@code @TestConfiguration}: each of these starts another context (two more Tomcats). A
 * test that really needs one uses {@code @SpringBootTest} with {@link UseStubUpstreams}
 * and says why in a comment.</li>
 * </ul>
 * The events endpoint ({@code memberships.events.auth0.token}) and CORS stay off here, as
 * by default; {@code CompressionTests} checks that they are.
 * <p>
 * The deadline is 3 s: long enough for the first calls of a cold context on a loaded
 * build machine, short enough that a test of a hanging upstream waits it out quickly.
 * <p>
 * EnOS misses go out at once, whatever their rate ({@code eager-below}): the coalescer
 * reads its arrival rate by the same ticker as the caches, and {@link MutableTicker}
 * stands still, so after a few misses every later one would look like part of an endless
 * burst and wait out the batching window. No test here is about coalescing
 * ({@code MembershipsBatchingTests} has its own context for that).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memberships.deadline=3s", "memberships.batching.eager-below=1000000000" })
@AutoConfigureMetrics
@UseStubUpstreams
@Import(MutableTicker.class)
public @interface ServiceTest {

}
