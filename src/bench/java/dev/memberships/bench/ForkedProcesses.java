package dev.memberships.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The life of a forked JVM of the service: started with its output in a log, awaited
 * until its readiness is UP, asked for its Prometheus metrics, stopped.
 */
final class ForkedProcesses {

	private ForkedProcesses() {
	}

	static Process start(List<String> command, Path dir, Path log) throws IOException {
		return new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	static void awaitReady(HttpClient http, Process process, int management, Duration timeout)
			throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < end) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The service stopped during start-up, exit " + process.exitValue());
			}
			try {
				HttpResponse<String> response = http.send(readiness, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("The service was not ready within " + timeout);
	}

	static String prometheus(HttpClient http, int management) throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	static void stop(Process process) throws InterruptedException {
		if (process.isAlive()) {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	static void deleteRecursively(Path path) throws IOException {
		if (Files.exists(path)) {
			try (var paths = Files.walk(path)) {
				paths.sorted((a, b) -> b.compareTo(a)).forEach((file) -> file.toFile().delete());
			}
		}
	}

}
