package dev.memberships.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Dockerfile's AOT cache training {@code RUN} and its ENTRYPOINT's JVM flags, read from
 * the file, so that {@link StartupBurst} measures the image as it is built (the tests
 * check the same file with their own reader, {@code DockerfileInstructions}).
 *
 * @param environment the variables the training command sets
 * @param arguments what follows {@code java} in it, up to the first {@code &&}
 * @param entrypointFlags the ENTRYPOINT's JVM flags, without {@code -XX:AOTCache=}
 */
record ImageTraining(Map<String, String> environment, List<String> arguments, List<String> entrypointFlags) {

	private static final String TRAINING_FLAG = "-XX:AOTCacheOutput=";

	static ImageTraining read(Path dockerfile) throws IOException {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : Files.readAllLines(dockerfile)) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			current.append(trimmed.endsWith("\\") ? trimmed.substring(0, trimmed.length() - 1) + " " : trimmed);
			if (!trimmed.endsWith("\\")) {
				instructions.add(current.toString().replaceAll("\\s+", " "));
				current.setLength(0);
			}
		}
		String run = instructions.stream().filter((i) -> i.contains(TRAINING_FLAG)).findFirst().orElseThrow();
		String command = run.substring("RUN ".length()).split(" && ")[0];
		List<String> words = Arrays.asList(command.strip().split(" "));
		int java = words.indexOf("java");
		Map<String, String> environment = new LinkedHashMap<>();
		for (String assignment : words.subList(0, java)) {
			environment.put(assignment.substring(0, assignment.indexOf('=')),
					assignment.substring(assignment.indexOf('=') + 1));
		}
		String entrypoint = instructions.stream().filter((i) -> i.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
		List<String> flags = Arrays.stream(entrypoint.substring(entrypoint.indexOf('[') + 1, entrypoint.lastIndexOf(']'))
			.split(","))
			.map((word) -> word.strip().replace("\"", ""))
			.takeWhile((word) -> !word.equals("-jar"))
			.filter((word) -> !word.equals("java") && !word.startsWith("-XX:AOTCache="))
			.toList();
		return new ImageTraining(environment, List.copyOf(words.subList(java + 1, words.size())), flags);
	}

	/**
	 * The training's arguments with the cache written to {@code cache} and the jar named
	 * {@code jar} (the image copies it to {@code application.jar}, the bench does not).
	 */
	List<String> arguments(String cache, String jar) {
		return this.arguments.stream()
			.map((argument) -> argument.startsWith(TRAINING_FLAG) ? TRAINING_FLAG + cache
					: argument.equals("application.jar") ? jar : argument)
			.toList();
	}

}
