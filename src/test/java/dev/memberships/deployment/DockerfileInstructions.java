package dev.memberships.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The top-level Dockerfile read as instructions, and the commands of it that the tests
 * run themselves: so that {@link DockerfileTests} and {@link PackagedImageIT} check the
 * file as it is, and a test cannot drift from the image.
 */
final class DockerfileInstructions {

	private static final String TRAINING_FLAG = "-XX:AOTCacheOutput=";

	private final List<String> instructions;

	private DockerfileInstructions(List<String> instructions) {
		this.instructions = instructions;
	}

	static DockerfileInstructions read() throws IOException {
		return new DockerfileInstructions(instructions(Files.readAllLines(Path.of("Dockerfile"))));
	}

	List<String> all() {
		return this.instructions;
	}

	List<String> finalStage() {
		int from = 0;
		for (int i = 0; i < this.instructions.size(); i++) {
			if (this.instructions.get(i).startsWith("FROM ")) {
				from = i;
			}
		}
		return this.instructions.subList(from, this.instructions.size());
	}

	/** The ENTRYPOINT's exec-form array; fails unless there is exactly one, as JSON. */
	List<String> entrypoint() {
		List<String> entrypoints = this.instructions.stream()
			.filter((instruction) -> instruction.startsWith("ENTRYPOINT "))
			.toList();
		if (entrypoints.size() != 1) {
			throw new AssertionError("expected one ENTRYPOINT, found " + entrypoints);
		}
		String json = entrypoints.get(0).substring("ENTRYPOINT ".length());
		if (!json.startsWith("[")) {
			throw new AssertionError("ENTRYPOINT not in exec form (a JSON array): " + json);
		}
		return JsonMapper.builder().build().readValue(json, new TypeReference<List<String>>() {
		});
	}

	/**
	 * The arguments of the {@code java -Djarmode=tools ... extract} command of the build.
	 */
	List<String> extractArguments() {
		String run = instruction("-Djarmode=tools");
		return words(run.substring(run.indexOf("java ") + "java ".length()));
	}

	/** The training run's index in {@link #finalStage()}. */
	int trainingIndex() {
		return indexOf(finalStage(), TRAINING_FLAG);
	}

	/**
	 * The training {@code RUN}'s command: its environment assignments and the arguments
	 * of its {@code java}, up to the first {@code &&}.
	 */
	TrainingRun trainingRun() {
		String run = instruction(TRAINING_FLAG).substring("RUN ".length());
		String command = run.contains(" && ") ? run.substring(0, run.indexOf(" && ")) : run;
		Map<String, String> environment = new LinkedHashMap<>();
		List<String> words = words(command);
		int java = words.indexOf("java");
		for (String assignment : words.subList(0, java)) {
			int equals = assignment.indexOf('=');
			environment.put(assignment.substring(0, equals), assignment.substring(equals + 1));
		}
		return new TrainingRun(environment, List.copyOf(words.subList(java + 1, words.size())), run);
	}

	int indexOf(List<String> stage, String fragment) {
		for (int i = 0; i < stage.size(); i++) {
			if (stage.get(i).contains(fragment)) {
				return i;
			}
		}
		throw new AssertionError("no instruction with " + fragment + " in " + stage);
	}

	private String instruction(String fragment) {
		return this.instructions.get(indexOf(this.instructions, fragment));
	}

	// The Dockerfile's RUNs quote nothing: plain words are all there is to split.
	private static List<String> words(String command) {
		return new ArrayList<>(Arrays.asList(command.strip().split(" ")));
	}

	/**
	 * The Dockerfile's instructions, continuation lines joined, comments and blanks left
	 * out.
	 */
	private static List<String> instructions(List<String> lines) {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : lines) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			instructions.add(current.toString().replaceAll("\\s+", " "));
			current.setLength(0);
		}
		return instructions;
	}

	/**
	 * The AOT training command.
	 *
	 * @param environment the variables set for it
	 * @param javaArguments what follows {@code java}
	 * @param run the whole RUN, chained commands included
	 */
	record TrainingRun(Map<String, String> environment, List<String> javaArguments, String run) {
	}

}
