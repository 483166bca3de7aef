package dev.memberships.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's monitoring queries (the Grafana dashboard's and the PrometheusRule's, as
 * rendered) against what a pod really exposes at {@code /actuator/prometheus}: every
 * metric they name is scraped, and every label they select or group by is one of its
 * series' or one Prometheus adds to a target.
 */
public final class MonitoringQueries {

	/**
	 * Labels Prometheus adds to every series of a target, which no pod exposes itself.
	 */
	private static final Set<String> SCRAPE_TARGET_LABELS = Set.of("namespace", "service", "pod", "instance", "job");

	/** A metric name, always followed by its selector in the chart's queries. */
	private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

	/** A label in a selector, or the labels of a {@code by} clause. */
	private static final Pattern LABEL = Pattern.compile("[{,]\\s*([a-zA-Z_]+)\\s*(?:=~|!~|!=|=)|by \\(([^)]*)\\)");

	private MonitoringQueries() {
	}

	/**
	 * The organization index's metrics: a pod has them only with the index on, so
	 * {@code OrganizationIndexEndpointTests} checks the queries that name them.
	 */
	private static final String INDEX_METRICS = "memberships_auth0_index_";

	/**
	 * Asserts that every query of the chart names only what the scrape of a pod without
	 * the organization index exposes.
	 */
	public static void assertExposed(String scrape) throws IOException {
		List<String> queries = queries((query) -> !query.contains(INDEX_METRICS));
		assertThat(queries).anyMatch((query) -> query.contains("memberships_redis_operations_total"))
			.anyMatch((query) -> query.contains("memberships_events_total"))
			.anyMatch((query) -> query.contains("memberships_overload_rejected_total"));
		assertExposed(scrape, queries);
	}

	/**
	 * Asserts that the chart's organization index queries name only what the scrape
	 * exposes.
	 */
	public static void assertIndexExposed(String scrape) throws IOException {
		List<String> queries = queries((query) -> query.contains(INDEX_METRICS));
		assertThat(queries).isNotEmpty();
		assertExposed(scrape, queries);
	}

	private static List<String> queries(Predicate<String> filter) throws IOException {
		List<String> queries = new ArrayList<>(dashboardQueries());
		queries.addAll(alertQueries());
		return queries.stream().filter(filter).toList();
	}

	private static void assertExposed(String scrape, List<String> queries) {
		Map<String, Set<String>> exposed = labelsByMetric(scrape);
		for (String query : queries) {
			Set<String> labels = new HashSet<>(SCRAPE_TARGET_LABELS);
			Matcher metrics = METRIC.matcher(query);
			while (metrics.find()) {
				assertThat(exposed).as(query).containsKey(metrics.group(1));
				labels.addAll(exposed.get(metrics.group(1)));
			}
			Matcher used = LABEL.matcher(query);
			while (used.find()) {
				String names = (used.group(1) != null) ? used.group(1) : used.group(2);
				for (String label : names.split(",")) {
					assertThat(labels).as(query).contains(label.strip());
				}
			}
		}
	}

	private static Map<String, Set<String>> labelsByMetric(String scrape) {
		Map<String, Set<String>> labels = new HashMap<>();
		Pattern series = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ");
		Pattern label = Pattern.compile("([a-zA-Z_]+)=\"");
		for (String line : scrape.lines().filter((line) -> !line.startsWith("#")).toList()) {
			Matcher matcher = series.matcher(line);
			if (matcher.find()) {
				Set<String> names = labels.computeIfAbsent(matcher.group(1), (name) -> new HashSet<>());
				Matcher labelMatcher = label.matcher((matcher.group(2) != null) ? matcher.group(2) : "");
				while (labelMatcher.find()) {
					names.add(labelMatcher.group(1));
				}
			}
		}
		return labels;
	}

	private static List<String> dashboardQueries() throws IOException {
		JsonNode dashboard = new JsonMapper()
			.readTree(Files.readString(Path.of("helm", "memberships", "files", "grafana-dashboard.json")));
		return dashboard.at("/panels")
			.valueStream()
			.flatMap((panel) -> panel.at("/targets").valueStream())
			.map((target) -> target.at("/expr").asString())
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static List<String> alertQueries() {
		String manifests = new Helm(Path.of("helm", "memberships")).template()
			.withName("memberships")
			.withNamespace("apps")
			.withKubeVersion("1.33.0")
			.set("prometheusRule.enabled", true)
			.set("memberships.auth0.index.enabled", true)
			.call();
		List<String> queries = new ArrayList<>();
		for (Object document : new Yaml().loadAll(manifests)) {
			if (document instanceof Map<?, ?> object && "PrometheusRule".equals(object.get("kind"))) {
				Map<String, Object> spec = (Map<String, Object>) object.get("spec");
				for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
					for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
						queries.add((String) rule.get("expr"));
					}
				}
			}
		}
		assertThat(queries).isNotEmpty();
		return queries;
	}

}
