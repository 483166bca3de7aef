package dev.memberships.demo;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.web.util.UriUtils;

/**
 * Once the application is ready, logs curl commands to try, each carrying a token the
 * demo issuer signed: for {@code auth0|alice}, for a service, for alice refused when she
 * asks for bob, and for an operator emptying alice's cache entries on the management
 * port. With a configured issuer it logs the commands without tokens.
 */
final class DemoCurlLines implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(DemoCurlLines.class);

	private static final List<String> SAMPLE_USERS = List.of(DemoData.ALICE, DemoData.OUTSIDER, DemoData.MANY);

	private final DemoUpstreams upstreams;

	DemoCurlLines(DemoUpstreams upstreams) {
		this.upstreams = upstreams;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		logCurlCommands(event.getApplicationContext().getEnvironment());
	}

	private void logCurlCommands(Environment environment) {
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			return;
		}
		String base = "http://localhost:" + port + environment.getProperty("server.servlet.context-path", "");
		String nl = System.lineSeparator();
		if (!this.upstreams.issuer().issuer().equals(environment.getProperty(DemoUpstreams.ISSUER_URI))) {
			String commands = SAMPLE_USERS.stream()
				.map((userId) -> "  curl -s -H 'Authorization: Bearer <token>' '" + memberships(base, userId)
						+ "' | jq")
				.collect(Collectors.joining(nl));
			logger.info("Running on the demo upstreams, with tokens of the configured issuer. Try:" + nl + commands);
			return;
		}
		DemoTokens tokens = DemoTokens.mint(this.upstreams.issuer(), environment);
		StringBuilder lines = new StringBuilder("Running on the demo upstreams and the demo token issuer. ");
		lines.append("The tokens below are valid for ")
			.append(DemoTokens.TTL.toHours())
			.append(" hours, and only while this process runs. Try:")
			.append(nl);
		lines.append("  # ").append(DemoData.ALICE).append(" reads her own memberships").append(nl);
		lines.append(curl(tokens.user(), memberships(base, DemoData.ALICE))).append(nl);
		lines.append("  # a service (scope ").append(tokens.serviceScope()).append(") reads anyone's").append(nl);
		for (String userId : SAMPLE_USERS) {
			if (!userId.equals(DemoData.ALICE)) {
				lines.append(curl(tokens.service(), memberships(base, userId))).append(nl);
			}
		}
		lines.append("  # ").append(DemoData.ALICE).append(" reading ").append(DemoData.BOB).append(": 403").append(nl);
		lines.append(curl(tokens.user(), memberships(base, DemoData.BOB))).append(nl);
		String managementPort = environment.getProperty("local.management.port");
		if (managementPort != null) {
			String actuator = "http://localhost:" + managementPort
					+ environment.getProperty("management.server.base-path", "")
					+ environment.getProperty("management.endpoints.web.base-path", "/actuator");
			lines.append("  # an operator (scope ")
				.append(tokens.adminScope())
				.append(") forgets what is cached about ")
				.append(DemoData.ALICE)
				.append(nl);
			lines.append("  curl -s -X DELETE -H 'Authorization: Bearer ")
				.append(tokens.admin())
				.append("' '")
				.append(actuator)
				.append("/usercache/")
				.append(UriUtils.encodePathSegment(DemoData.ALICE, "UTF-8"))
				.append("'")
				.append(nl);
		}
		logger.info(lines.toString().stripTrailing());
	}

	private static String memberships(String base, String userId) {
		return base + "/users/" + UriUtils.encodePathSegment(userId, "UTF-8") + "/memberships";
	}

	private static String curl(String token, String url) {
		return "  curl -s -H 'Authorization: Bearer " + token + "' '" + url + "' | jq";
	}

}
