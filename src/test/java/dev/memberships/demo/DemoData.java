package dev.memberships.demo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The users the demo upstreams know. The named sample users each exercise one path of the
 * service: non-ASCII names, more organizations than fit on one Auth0 page, a user Auth0
 * knows but the EnOS OU does not, and a user nobody knows; they seed the
 * {@link DemoTenant}, which Auth0's answers come from. Besides them, every
 * {@code bench|<anything>} is a generated user in the OU with 2 structures and 2 groups
 * and, unless the tenant knows it, 3 organizations (2 metadata entries each) that no list
 * names, derived from the id: the benchmark's population, as large as its load needs (the
 * shape {@code CacheHeapMeasurement} uses).
 */
final class DemoData {

	// Credentials of the demo upstreams. Not secrets: they only open an in-process server
	// bound to the loopback interface.
	static final String CLIENT_ID = "demo-client";

	static final String CLIENT_SECRET = "demo-secret";

	static final String APP_KEY = "demo-app-key";

	static final String APP_SECRET = "demo-app-secret";

	static final String ORGANIZATION_ID = "ou_demo";

	static final String ALICE = "auth0|alice";

	static final String BOB = "auth0|bob";

	static final String MANY = "auth0|many";

	static final String OUTSIDER = "google-oauth2|outsider";

	static final String NOBODY = "auth0|nobody";

	static final String DEFAULT_LOCALE = "en_US";

	/** Every user id with this prefix is a generated user. */
	static final String GENERATED = "bench|";

	/** An Auth0 organization; {@code branding} may be null, as in Auth0. */
	record Organization(String id, String name, String displayName, Branding branding, Map<String, String> metadata) {
	}

	record Branding(String logoUrl, String primary, String pageBackground) {
	}

	/** An EnOS organization structure, its name per locale ({@code en_US} always). */
	record Structure(String id, Map<String, String> names) {

		String name(String locale) {
			return this.names.getOrDefault(locale, this.names.get(DEFAULT_LOCALE));
		}

	}

	record Group(String id, String name) {
	}

	private static final Organization ZURICH = new Organization("org_zurich", "zurich-werk", "Zürich Werk",
			new Branding("https://example.com/logos/zurich.png", "#0059B3", "#F5F7FA"),
			Map.of("site", "ZRH", "region", "eu-central"));

	private static final Organization TOKYO = new Organization("org_tokyo", "tokyo-kojo", "東京工場", null,
			Map.of("site", "TYO", "region", "ap-northeast"));

	private static final Organization NIGHT = new Organization("org_nuit", "equipe-nuit", "Équipe Nuit", null,
			Map.of("shift", "night"));

	private static final Organization MALMO = new Organization("org_malmo", "malmo-lager", "Malmö Lager", null,
			Map.of());

	private static final Organization PARTNER = new Organization("org_partner", "partner-portal", "Partner Portal",
			null, Map.of("kind", "external"));

	private static final Map<String, List<Organization>> ORGANIZATIONS = Map.of(ALICE, List.of(ZURICH, TOKYO, NIGHT),
			BOB, List.of(ZURICH, MALMO), MANY, manyOrganizations(), OUTSIDER, List.of(PARTNER));

	private static final Structure STRUCTURE_ZURICH = new Structure("str_zurich",
			Map.of("en_US", "Zurich Plant", "de_DE", "Werk Zürich", "zh_CN", "苏黎世工厂"));

	private static final Structure STRUCTURE_TOKYO = new Structure("str_tokyo",
			Map.of("en_US", "Tokyo Plant", "ja_JP", "東京工場", "zh_CN", "东京工厂"));

	private static final Structure STRUCTURE_MALMO = new Structure("str_malmo", Map.of("en_US", "Malmö Warehouse"));

	private static final Group OPERATORS = new Group("grp_operators", "Operators");

	private static final Group NIGHT_SHIFT = new Group("grp_nuit", "Équipe Nuit — Opérateurs");

	// Only these users are in the OU: the outsider and nobody are not.
	private static final Map<String, List<Structure>> STRUCTURES = Map.of(ALICE,
			List.of(STRUCTURE_ZURICH, STRUCTURE_TOKYO), BOB, List.of(STRUCTURE_MALMO), MANY, List.of(STRUCTURE_ZURICH));

	private static final Map<String, List<Group>> GROUPS = Map.of(ALICE, List.of(OPERATORS, NIGHT_SHIFT), BOB,
			List.of(OPERATORS), MANY, List.of(OPERATORS));

	private DemoData() {
	}

	/**
	 * A generated user's organizations; empty for any other id, which only the
	 * {@link DemoTenant} may know.
	 */
	static Optional<List<Organization>> generatedOrganizations(String userId) {
		return userId.startsWith(GENERATED) ? Optional.of(generated(userId)) : Optional.empty();
	}

	/** The named sample users and their organizations: the demo tenant's seed. */
	static Map<String, List<Organization>> sampleOrganizations() {
		return ORGANIZATIONS;
	}

	static boolean inOrganizationUnit(String userId) {
		return userId.startsWith(GENERATED) || STRUCTURES.containsKey(userId);
	}

	static List<Structure> structures(String userId) {
		if (userId.startsWith(GENERATED)) {
			return generatedIds(userId, "st_").stream()
				.map((id) -> new Structure(id, Map.of(DEFAULT_LOCALE, "Plant " + id)))
				.toList();
		}
		return STRUCTURES.getOrDefault(userId, List.of());
	}

	static List<Group> groups(String userId) {
		if (userId.startsWith(GENERATED)) {
			return generatedIds(userId, "ug_").stream().map((id) -> new Group(id, "Group " + id)).toList();
		}
		return GROUPS.getOrDefault(userId, List.of());
	}

	// Three of 1,000 organizations, so that users share them as in a real tenant.
	private static List<Organization> generated(String userId) {
		int hash = Math.floorMod(userId.hashCode(), 1000);
		return IntStream.rangeClosed(1, 3).mapToObj((n) -> {
			int id = (hash + n * 337) % 1000;
			return new Organization("org_" + id, "org-" + id, "Organization " + id, null,
					Map.of("tier", (id % 2 == 0) ? "gold" : "silver", "region", "eu-" + n));
		}).toList();
	}

	// Two of 100 structures or groups.
	private static List<String> generatedIds(String userId, String prefix) {
		int hash = Math.floorMod(userId.hashCode(), 100);
		return List.of(prefix + hash, prefix + ((hash + 7) % 100));
	}

	// 150 organizations: more than one page even at Auth0's maximum of 100 per page.
	private static List<Organization> manyOrganizations() {
		return IntStream.rangeClosed(1, 150).mapToObj((i) -> {
			String number = "%03d".formatted(i);
			return new Organization("org_many_" + number, "site-" + number, "Site " + number + " — Ærø", null,
					Map.of("index", Integer.toString(i)));
		}).toList();
	}

}
