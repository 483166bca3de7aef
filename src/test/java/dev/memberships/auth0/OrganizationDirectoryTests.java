package dev.memberships.auth0;

import java.time.Clock;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What {@link WebClientOrganizationDirectory} asks Auth0: checkpoint pagination
 * ({@code from}/{@code take}, never {@code page}), member ids only, the same token.
 */
class OrganizationDirectoryTests {

	@RegisterExtension
	static WireMockExtension auth0 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private OrganizationDirectory directory;

	@BeforeEach
	void createDirectory() {
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(Auth0Stubs.token("token-1", 86_400)));
		this.directory = new Auth0TestClients(auth0.baseUrl(), Clock.systemUTC()).directory();
	}

	@Test
	void organizationsShouldFollowCheckpointsAndNeverUseOffsets() {
		auth0
			.stubFor(get(urlPathEqualTo("/api/v2/organizations")).withQueryParam("from", absent()).willReturn(okJson("""
					{"organizations":[{"id":"org_1","name":"one","display_name":"One","metadata":{"tier":"gold"}}],
					 "next":"cp/+=2"}""")));
		auth0.stubFor(get(urlPathEqualTo("/api/v2/organizations")).withQueryParam("from", equalTo("cp/+=2"))
			.willReturn(okJson("""
					{"organizations":[{"id":"org_2","name":"two","display_name":"Two","branding":{}}]}""")));
		OrganizationDirectory.Page<Auth0Organization> first = this.directory.organizations(null, 50).block();
		OrganizationDirectory.Page<Auth0Organization> second = this.directory.organizations(first.next(), 50).block();
		assertThat(first.items())
			.containsExactly(new Auth0Organization("org_1", "one", "One", java.util.Map.of("tier", "gold")));
		assertThat(first.last()).isFalse();
		assertThat(second.items()).extracting(Auth0Organization::id).containsExactly("org_2");
		assertThat(second.last()).isTrue();
		auth0.verify(2,
				getRequestedFor(urlPathEqualTo("/api/v2/organizations")).withQueryParam("take", equalTo("50"))
					.withQueryParam("page", absent())
					.withQueryParam("per_page", absent())
					.withHeader("Authorization", equalTo("Bearer token-1")));
	}

	@Test
	void memberIdsShouldAskForUserIdsOnlyPageByPage() {
		auth0.stubFor(get(urlPathEqualTo("/api/v2/organizations/org%7C1/members")).withQueryParam("from", absent())
			.willReturn(okJson("""
					{"members":[{"user_id":"auth0|1"},{"user_id":"auth0|2"}],"next":"m2"}""")));
		auth0.stubFor(get(urlPathEqualTo("/api/v2/organizations/org%7C1/members")).withQueryParam("from", equalTo("m2"))
			.willReturn(okJson("""
					{"members":[{"user_id":"auth0|3"}]}""")));
		OrganizationDirectory.Page<String> first = this.directory.memberIds("org|1", null, 2).block();
		OrganizationDirectory.Page<String> second = this.directory.memberIds("org|1", first.next(), 2).block();
		assertThat(first.items()).containsExactly("auth0|1", "auth0|2");
		assertThat(second.items()).containsExactly("auth0|3");
		assertThat(second.last()).isTrue();
		auth0.verify(2,
				getRequestedFor(urlPathEqualTo("/api/v2/organizations/org%7C1/members"))
					.withQueryParam("fields", equalTo("user_id"))
					.withQueryParam("include_fields", equalTo("true"))
					.withQueryParam("take", equalTo("2")));
	}

	@Test
	void memberIdsWhenOrganizationIsGoneShouldFailNotFound() {
		auth0.stubFor(get(urlPathEqualTo("/api/v2/organizations/org_9/members")).willReturn(notFound()));
		UpstreamException failure = catchThrowableOfType(UpstreamException.class,
				() -> this.directory.memberIds("org_9", null, 50).block());
		assertThat(failure.reason()).isEqualTo(FailureReason.NOT_FOUND);
	}

	@Test
	void organizationWhenAnswerLacksListShouldFailAsBadResponse() {
		auth0.stubFor(get(urlPathEqualTo("/api/v2/organizations")).willReturn(okJson("{\"next\":\"x\"}")));
		UpstreamException failure = catchThrowableOfType(UpstreamException.class,
				() -> this.directory.organizations(null, 50).block());
		assertThat(failure.reason()).isEqualTo(FailureReason.BAD_RESPONSE);
	}

	@Test
	void organizationShouldReadOneOrganization() {
		auth0.stubFor(get(urlPathEqualTo("/api/v2/organizations/org_3")).willReturn(okJson("""
				{"id":"org_3","name":"three","display_name":"Three"}""")));
		assertThat(this.directory.organization("org_3").block())
			.isEqualTo(new Auth0Organization("org_3", "three", "Three", null));
	}

}
