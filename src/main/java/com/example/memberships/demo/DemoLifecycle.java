package com.example.memberships.demo;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;
import org.springframework.web.util.UriUtils;

/**
 * Ties the demo upstreams to the application context: registers them as the
 * {@value #BEAN_NAME} bean, stops them when the context closes or the start-up fails, and
 * once the application is ready logs curl commands to try.
 */
final class DemoLifecycle implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String BEAN_NAME = "demoUpstreams";

	private static final Log logger = LogFactory.getLog(DemoLifecycle.class);

	private static final List<String> SAMPLE_USERS = List.of(DemoData.ALICE, DemoData.OUTSIDER, DemoData.MANY);

	private final DemoUpstreams upstreams;

	DemoLifecycle(DemoUpstreams upstreams) {
		this.upstreams = upstreams;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getBeanFactory().registerSingleton(BEAN_NAME, this.upstreams);
		context.addApplicationListener((ApplicationEvent event) -> onEvent(context, event));
	}

	private void onEvent(ConfigurableApplicationContext context, ApplicationEvent event) {
		// Events of child contexts (a separate management port, for one) reach this
		// listener too: only this context's own events count.
		if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
			this.upstreams.stop();
		}
		else if (event instanceof ApplicationFailedEvent failed && failed.getApplicationContext() == context) {
			// A failed refresh closes the context without a ContextClosedEvent.
			this.upstreams.stop();
		}
		else if (event instanceof ApplicationReadyEvent ready && ready.getApplicationContext() == context) {
			logCurlCommands(context.getEnvironment());
		}
	}

	private void logCurlCommands(Environment environment) {
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			return;
		}
		String base = "http://localhost:" + port + environment.getProperty("server.servlet.context-path", "");
		String commands = SAMPLE_USERS.stream()
			.map((userId) -> "  curl -s '" + base + "/users/" + UriUtils.encodePathSegment(userId, "UTF-8")
					+ "/memberships' | jq")
			.collect(Collectors.joining(System.lineSeparator()));
		logger.info("Running on the demo upstreams. Try:" + System.lineSeparator() + commands);
	}

}
