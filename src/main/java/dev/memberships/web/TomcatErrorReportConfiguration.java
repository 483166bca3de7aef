package dev.memberships.web;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link ProblemErrorReportValve} in place of Tomcat's HTML error report: on the API
 * port before it starts, and on the management port (a server of the child context, which
 * does not take this context's customizers) as soon as it has started.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrorReportConfiguration {

	@Bean
	TomcatContextCustomizer problemErrorReport(ProblemResponses problems) {
		// The host adds its error report valve when it starts, before it starts the
		// context: by the context's before-start event the valve is there to replace.
		return (context) -> context.addLifecycleListener((event) -> {
			if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
				replaceErrorReportValve(context.getParent(), problems);
			}
		});
	}

	@Bean
	ApplicationListener<WebServerInitializedEvent> problemErrorReportOnEveryServer(ProblemResponses problems) {
		return (event) -> {
			if (event.getWebServer() instanceof TomcatWebServer server) {
				replaceErrorReportValve(server.getTomcat().getHost(), problems);
			}
		};
	}

	private static synchronized void replaceErrorReportValve(Container parent, ProblemResponses problems) {
		if (!(parent instanceof StandardHost host)) {
			return;
		}
		// Names the valve added below, so a host that starts again finds it in its
		// pipeline instead of adding Tomcat's: Tomcat never creates one itself.
		host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
		for (Valve valve : host.getPipeline().getValves()) {
			if (valve instanceof ProblemErrorReportValve) {
				return;
			}
			if (valve instanceof ErrorReportValve) {
				host.getPipeline().removeValve(valve);
			}
		}
		host.getPipeline().addValve(new ProblemErrorReportValve(problems));
	}

}
