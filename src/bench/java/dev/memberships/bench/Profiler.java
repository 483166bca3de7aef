package dev.memberships.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR in the service's JVM, one recording per scenario, started and stopped with
 * {@code jcmd} ({@code settings=profile}: a sample of every running thread each 10 ms),
 * and what the samples say: the top frames, and the share of samples with a frame in each
 * layer. Shares overlap (a sample has frames of many layers) and do not add up to 100 %.
 */
final class Profiler {

	private static final Map<String, List<String>> LAYERS = layers();

	private final Path jcmd;

	private final Path dir;

	private final long pid;

	Profiler(Path java, Path dir, long pid) {
		this.jcmd = java.resolveSibling("jcmd");
		this.dir = dir;
		this.pid = pid;
	}

	void start(String name) {
		jcmd("JFR.start", "name=" + name, "settings=profile");
	}

	Profile stop(String name) {
		Path file = this.dir.resolve(name + ".jfr");
		jcmd("JFR.stop", "name=" + name, "filename=" + file);
		return read(file);
	}

	static Profile read(Path file) {
		Map<String, Long> top = new LinkedHashMap<>();
		Map<String, Long> layers = new LinkedHashMap<>();
		long samples = 0;
		try (RecordingFile recording = new RecordingFile(file)) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
						|| event.getStackTrace().getFrames().isEmpty()) {
					continue;
				}
				samples++;
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				top.merge(name(frames.get(0)), 1L, Long::sum);
				Set<String> seen = new HashSet<>();
				for (RecordedFrame frame : frames) {
					String type = frame.getMethod().getType().getName();
					LAYERS.forEach((layer, prefixes) -> {
						if (prefixes.stream().anyMatch(type::startsWith)) {
							seen.add(layer);
						}
					});
				}
				seen.forEach((layer) -> layers.merge(layer, 1L, Long::sum));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
		return new Profile(file, samples, sorted(top, 15), sorted(layers, LAYERS.size()));
	}

	private static String name(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName() + " ("
				+ type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
	}

	private static Map<String, Long> sorted(Map<String, Long> counts, int limit) {
		Map<String, Long> sorted = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(limit)
			.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		return sorted;
	}

	private void jcmd(String... command) {
		List<String> line = new java.util.ArrayList<>(List.of(this.jcmd.toString(), Long.toString(this.pid)));
		line.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true)
				.redirectOutput(this.dir.resolve("jcmd.log").toFile())
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("Failed: " + String.join(" ", line));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, List<String>> layers() {
		Map<String, List<String>> layers = new LinkedHashMap<>();
		layers.put("Reactor operators", List.of("reactor.core."));
		layers.put("Reactor Netty, Netty", List.of("reactor.netty.", "io.netty."));
		layers.put("Spring MVC, web", List.of("org.springframework.web.", "org.springframework.http."));
		layers.put("Spring Security", List.of("org.springframework.security."));
		layers.put("Nimbus JWT, JCA", List.of("com.nimbusds.", "sun.security.", "java.security."));
		layers.put("Tomcat", List.of("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat."));
		layers.put("Micrometer Observation", List.of("io.micrometer.observation."));
		layers.put("Micrometer tracing, OpenTelemetry", List.of("io.micrometer.tracing.", "io.opentelemetry."));
		layers.put("Micrometer metrics", List.of("io.micrometer.core.", "io.micrometer.prometheus",
				"io.prometheus."));
		layers.put("context propagation", List.of("io.micrometer.context."));
		layers.put("Resilience4j", List.of("io.github.resilience4j."));
		layers.put("Jackson", List.of("com.fasterxml.jackson.", "tools.jackson."));
		layers.put("Caffeine", List.of("com.github.benmanes."));
		layers.put("the service's own code", List.of("dev.memberships."));
		layers.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
		return layers;
	}

	/**
	 * What one recording's samples say.
	 *
	 * @param file the recording
	 * @param samples execution samples
	 * @param top the most frequent top frames, with their samples
	 * @param layers samples with a frame in each layer
	 */
	record Profile(Path file, long samples, Map<String, Long> top, Map<String, Long> layers) {

		String describe(String scenario) {
			StringBuilder text = new StringBuilder();
			text.append(String.format(Locale.ROOT, "%n%s: %d samples (%s)%n%n| top frame | share |%n|---|---|%n",
					scenario, this.samples, this.file.getFileName()));
			this.top.forEach((frame, count) -> text.append(String.format(Locale.ROOT, "| %s | %.1f %% |%n", frame,
					100.0 * count / Math.max(1, this.samples))));
			text.append(String.format(Locale.ROOT, "%n| layer (samples with a frame in it) | share |%n|---|---|%n"));
			this.layers.forEach((layer, count) -> text.append(String.format(Locale.ROOT, "| %s | %.1f %% |%n", layer,
					100.0 * count / Math.max(1, this.samples))));
			return text.toString();
		}

	}

}
