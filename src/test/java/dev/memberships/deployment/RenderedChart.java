package dev.memberships.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes objects of one {@code helm template} run, parsed, with the few ways to
 * reach into them that the chart tests need. Objects are plain maps and lists as
 * SnakeYAML reads them.
 */
final class RenderedChart {

	private final List<Map<String, Object>> objects;

	private RenderedChart(List<Map<String, Object>> objects) {
		this.objects = objects;
	}

	@SuppressWarnings("unchecked")
	static RenderedChart parse(String manifests) {
		List<Map<String, Object>> objects = new ArrayList<>();
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		for (Object document : yaml.loadAll(manifests)) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return new RenderedChart(objects);
	}

	List<Map<String, Object>> all(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	boolean has(String kind) {
		return !all(kind).isEmpty();
	}

	/** The only object of that kind; fails when there is none or more than one. */
	Map<String, Object> one(String kind) {
		List<Map<String, Object>> found = all(kind);
		assertThat(found).as("rendered objects of kind %s", kind).hasSize(1);
		return found.get(0);
	}

	Map<String, Object> deployment() {
		return one("Deployment");
	}

	Map<String, Object> podSpec() {
		return map(deployment(), "spec", "template", "spec");
	}

	Map<String, Object> container() {
		List<Map<String, Object>> containers = list(podSpec(), "containers");
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	/** The container's environment variable of that name. */
	Map<String, Object> env(String name) {
		List<Map<String, Object>> env = list(container(), "env");
		return env.stream()
			.filter((variable) -> name.equals(variable.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no environment variable " + name + " in " + env));
	}

	/** The environment the ConfigMap gives the container through envFrom. */
	Map<String, Object> configMapEnvironment() {
		// The environment ConfigMap, not the optional extra config file's.
		Map<String, Object> configMap = all("ConfigMap").stream()
			.filter((candidate) -> map(candidate, "data").containsKey("SERVER_PORT"))
			.findFirst()
			.orElseThrow();
		List<Map<String, Object>> envFrom = list(container(), "envFrom");
		assertThat(envFrom).extracting((source) -> map(source, "configMapRef").get("name"))
			.contains(map(configMap, "metadata").get("name"));
		return map(configMap, "data");
	}

	/** The container port number a probe's or a Service's named port stands for. */
	int containerPort(Object port) {
		if (port instanceof Integer number) {
			return number;
		}
		List<Map<String, Object>> ports = list(container(), "ports");
		return ports.stream()
			.filter((candidate) -> Objects.equals(port, candidate.get("name")))
			.map((candidate) -> (Integer) candidate.get("containerPort"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + port + " in " + ports));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Map<String, Object> from, String... path) {
		Object current = from;
		for (String key : path) {
			assertThat(current).as("parent of %s", key).isInstanceOf(Map.class);
			current = ((Map<String, Object>) current).get(key);
			assertThat(current).as("%s in %s", key, String.join(".", path)).isNotNull();
		}
		return (Map<String, Object>) current;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Map<String, Object> from, String key) {
		Object value = from.get(key);
		assertThat(value).as(key).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
	}

}
