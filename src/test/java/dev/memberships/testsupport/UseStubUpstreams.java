package dev.memberships.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.ContextConfiguration;

/**
 * Points a Spring test's application context at the shared {@link StubUpstreams} and
 * resets their stubs and request journals before each test. For a test that needs a
 * context of its own (other properties, other beans); otherwise use {@link ServiceTest}.
 * Do not also register the upstream properties with {@code @DynamicPropertySource}: that
 * would give the class a context of its own for nothing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ContextConfiguration(initializers = StubUpstreams.PropertiesInitializer.class)
@ExtendWith(StubUpstreams.ResetExtension.class)
public @interface UseStubUpstreams {

}
