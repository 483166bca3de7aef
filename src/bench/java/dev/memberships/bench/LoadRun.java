package dev.memberships.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * One Gatling run, started in this JVM: the simulation ({@link PlanSimulation}) takes its
 * populations from here, and every request's response time (as Gatling measured it, in
 * milliseconds), status and kind of answer go to a {@link Recorder}.
 */
final class LoadRun {

	private static volatile LoadRun current;

	private final String name;

	private final Function<LoadRun, List<PopulationBuilder>> populations;

	private final String baseUrl;

	private final String token;

	private final Recorder recorder = new Recorder();

	private final boolean classify;

	/**
	 * One Gatling run against the service.
	 * @param name the run's name (Gatling's run description and report folder)
	 * @param baseUrl the service's API
	 * @param token the bearer token every request carries
	 * @param classify read each answer's body for complete, stale, partial and reasons
	 * @param populations the populations, built with {@link #request}
	 */
	LoadRun(String name, String baseUrl, String token, boolean classify,
			Function<LoadRun, List<PopulationBuilder>> populations) {
		this.name = name;
		this.baseUrl = baseUrl;
		this.token = token;
		this.classify = classify;
		this.populations = populations;
	}

	/**
	 * One request, recorded: status and response time always, the answer's kind when the
	 * run classifies answers.
	 */
	ChainBuilder request(HttpRequestActionBuilder request) {
		HttpRequestActionBuilder checked = request.check(status().saveAs("status"),
				responseTimeInMillis().saveAs("rt"));
		if (this.classify) {
			checked = checked.check(bodyString().saveAs("body"));
		}
		return exec(checked).exec((session) -> {
			this.recorder.record(session);
			return session.removeAll("status", "rt", "body");
		});
	}

	/** Runs Gatling to the end; reports go under {@code results}. */
	Recorder run(Path results) {
		current = this;
		try {
			int status = Gatling$.MODULE$.fromArgs(new String[] { "-s", PlanSimulation.class.getName(), "-rf",
					results.toString(), "-rd", this.name });
			if (status != 0) {
				System.err.println("Gatling ended with status " + status + " for " + this.name);
			}
		}
		finally {
			current = null;
		}
		return this.recorder;
	}

	String name() {
		return this.name;
	}

	static LoadRun current() {
		return current;
	}

	List<PopulationBuilder> populations() {
		return this.populations.apply(this);
	}

	// Gatling's DSL may only be used while Gatling instantiates the simulation.
	HttpProtocolBuilder protocol() {
		return http.baseUrl(this.baseUrl)
			.authorizationHeader("Bearer " + this.token)
			.acceptHeader("application/json")
			// Callers are services with a connection pool, not one browser per user.
			.shareConnections()
			// Every request reaches the service: no If-None-Match from Gatling's cache.
			.disableCaching();
	}

}
