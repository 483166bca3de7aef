package dev.memberships.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's options, from {@code -Dbench.args="..."} (see {@link Benchmark}).
 *
 * @param out where results, logs and Gatling's reports go
 * @param jar the packaged service
 * @param seconds length of each timed scenario
 * @param warmUsers concurrent users of the closed warm and static runs
 * @param warmUpSeconds seconds of cold traffic before the first scenario
 * @param startupRuns starts measured without and with the AOT cache
 * @param twoPodUsers cold users of the two-pod scenario
 * @param forks whether heap and start-up are measured
 * @param profile whether each reported scenario is recorded with JFR
 * @param only the scenarios to run, by name
 */
record Options(Path out, Path jar, int seconds, int warmUsers, int warmUpSeconds, int startupRuns, int twoPodUsers,
		boolean forks, boolean profile, List<String> only) {

	/** {@code --name value} and {@code --flag} pairs, in order. */
	static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].startsWith("--")) {
				String name = args[i].substring(2);
				boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
				options.put(name, hasValue ? args[++i] : "true");
			}
		}
		return options;
	}

	static Options of(Map<String, String> options) {
		String all = String.join(",", SingleService.SCENARIOS.keySet()) + "," + TwoPods.NAME;
		return new Options(Path.of(options.getOrDefault("out", "target/bench")).toAbsolutePath(),
				Path.of(options.getOrDefault("jar", "target/memberships-0.1.0-SNAPSHOT.jar")).toAbsolutePath(),
				Integer.parseInt(options.getOrDefault("seconds", "10")),
				Integer.parseInt(options.getOrDefault("warm-users", "8")),
				Integer.parseInt(options.getOrDefault("warm-up", "60")),
				Integer.parseInt(options.getOrDefault("startup-runs", "3")),
				Integer.parseInt(options.getOrDefault("two-pod-users", "300")),
				!options.containsKey("skip-forks") && !options.containsKey("only"), options.containsKey("profile"),
				List.of(options.getOrDefault("only", all).split(",")));
	}

}
