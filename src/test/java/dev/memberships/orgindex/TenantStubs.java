package dev.memberships.orgindex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPathPattern;
import dev.memberships.auth0.Auth0TestClients;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A tenant's organizations and members as Auth0's list endpoints serve them: pages of
 * {@code take} items, linked by checkpoints ({@code next}, then {@code from}). An
 * organization {@code org_x} is named {@code name-org_x}.
 */
public final class TenantStubs {

	public static final UrlPathPattern ORGANIZATIONS = urlPathEqualTo("/api/v2/organizations");

	private TenantStubs() {
	}

	/** Stubs the token endpoint and the lists of the tenant, replacing earlier lists. */
	public static void tenant(Consumer<MappingBuilder> auth0, int take,
			Map<String, List<String>> membersByOrganization) {
		auth0.accept(post(Auth0TestClients.tokenPath()).willReturn(Auth0TestClients.tokenAnswer()));
		List<String> organizations = new ArrayList<>(membersByOrganization.keySet());
		List<List<String>> pages = pages(organizations, take);
		for (int i = 0; i < pages.size(); i++) {
			StringJoiner items = new StringJoiner(",", "[", "]");
			pages.get(i).forEach((id) -> items.add(organization(id)));
			auth0.accept(page(get(ORGANIZATIONS), i).willReturn(okJson(body("organizations", items, i, pages.size()))));
		}
		membersByOrganization.forEach((id, members) -> {
			List<List<String>> memberPages = pages(members, take);
			for (int i = 0; i < memberPages.size(); i++) {
				StringJoiner items = new StringJoiner(",", "[", "]");
				memberPages.get(i).forEach((userId) -> items.add("{\"user_id\":\"" + userId + "\"}"));
				auth0.accept(
						page(get(members(id)), i).willReturn(okJson(body("members", items, i, memberPages.size()))));
			}
		});
	}

	public static Map<String, List<String>> of(String organizationId, List<String> members, Object... more) {
		Map<String, List<String>> tenant = new LinkedHashMap<>();
		tenant.put(organizationId, members);
		for (int i = 0; i < more.length; i += 2) {
			@SuppressWarnings("unchecked")
			List<String> users = (List<String>) more[i + 1];
			tenant.put((String) more[i], users);
		}
		return tenant;
	}

	public static UrlPathPattern members(String organizationId) {
		return urlPathEqualTo("/api/v2/organizations/" + organizationId + "/members");
	}

	public static UrlPathPattern userOrganizations(String userId) {
		return urlPathEqualTo("/api/v2/users/" + userId.replace("|", "%7C") + "/organizations");
	}

	public static String organization(String id) {
		return """
				{"id":"%s","name":"name-%s","display_name":"Display %s"}""".formatted(id, id, id);
	}

	private static MappingBuilder page(MappingBuilder request, int page) {
		return request.withQueryParam("from", (page == 0) ? absent() : equalTo("cp-" + page));
	}

	private static String body(String list, StringJoiner items, int page, int pages) {
		String next = (page + 1 < pages) ? ",\"next\":\"cp-" + (page + 1) + "\"" : "";
		return "{\"" + list + "\":" + items + next + "}";
	}

	private static <T> List<List<T>> pages(List<T> items, int take) {
		List<List<T>> pages = new ArrayList<>();
		for (int i = 0; i < items.size(); i += take) {
			pages.add(items.subList(i, Math.min(items.size(), i + take)));
		}
		if (pages.isEmpty()) {
			pages.add(List.of());
		}
		return pages;
	}

}
