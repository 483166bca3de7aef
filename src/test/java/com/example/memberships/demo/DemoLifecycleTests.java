package com.example.memberships.demo;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The demo's lifecycle inside a real {@link SpringApplication} run: found through
 * {@code spring.factories}, a bean while the context lives, stopped when it closes or
 * fails to start.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoLifecycleTests {

	@Test
	void runWhenNothingIsConfiguredShouldServeDemoUntilTheContextCloses(CapturedOutput output) {
		DemoUpstreams upstreams;
		try (ConfigurableApplicationContext context = application(Empty.class).run("--local.server.port=8080")) {
			upstreams = context.getBean(DemoLifecycle.BEAN_NAME, DemoUpstreams.class);
			assertThat(upstreams.isRunning()).isTrue();
			assertThat(context.getEnvironment().getProperty("memberships.enos.base-url"))
				.isEqualTo(upstreams.baseUrl() + "/enos");
		}
		assertThat(upstreams.isRunning()).isFalse();
		assertThat(output).contains("curl -s 'http://localhost:8080/users/auth0%7Calice/memberships' | jq")
			.contains("google-oauth2%7Coutsider")
			.contains("auth0%7Cmany")
			.doesNotContain("demo-secret")
			.doesNotContain("demo-app-secret");
	}

	@Test
	void runWhenBaseUrlsAreConfiguredShouldNotStartTheDemo() {
		try (ConfigurableApplicationContext context = application(Empty.class).run(
				"--memberships.auth0.base-url=https://acme.eu.auth0.com",
				"--memberships.enos.base-url=https://apim-ppe1.envisioniot.com")) {
			assertThat(context.containsBean(DemoLifecycle.BEAN_NAME)).isFalse();
			assertThat(context.getEnvironment().containsProperty(DemoEnvironmentPostProcessor.ACTIVE)).isFalse();
		}
	}

	@Test
	void runWhenStartUpFailsShouldStopTheDemo() {
		AtomicReference<ConfigurableApplicationContext> captured = new AtomicReference<>();
		SpringApplication application = application(Failing.class);
		application.addInitializers(captured::set);
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(application::run);
		String baseUrl = captured.get().getEnvironment().getProperty("memberships.auth0.base-url");
		int port = URI.create(baseUrl).getPort();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	private static SpringApplication application(Class<?> configuration) {
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

	@Configuration(proxyBeanMethods = false)
	static class Failing {

		@Bean
		String failing() {
			throw new IllegalStateException("Start-up fails");
		}

	}

}
