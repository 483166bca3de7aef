package dev.memberships.membership;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.Auth0EventStubs;
import dev.memberships.testsupport.ServiceTest;
import dev.memberships.testsupport.UpstreamStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large answers go out gzip-compressed to clients that accept it, small ones plain, and
 * the weak ETag makes {@code If-None-Match} work for both. Also what is off by default:
 * CORS, and the events endpoint without its token. The shared context sets neither, so
 * these checks hold only while it stays so.
 */
@ServiceTest
class CompressionTests extends MembershipsApiTestSupport {

	private static final String LARGE_USER = "/users/auth0%7Cbig/memberships";

	private static final String SMALL_USER = "/users/auth0%7C42/memberships";

	@BeforeEach
	void stubUpstreams() {
		UpstreamStubs.allOk(auth0, enos, "auth0|42");
		// 150 organizations, in Auth0's pages of 100.
		auth0.stubFor(UpstreamStubs.organizations().withQueryParam("page", equalTo("0")).willReturn(page(0, 100)));
		auth0.stubFor(UpstreamStubs.organizations().withQueryParam("page", equalTo("1")).willReturn(page(100, 150)));
		auth0
			.stubFor(com.github.tomakehurst.wiremock.client.WireMock
				.get(com.github.tomakehurst.wiremock.client.WireMock
					.urlPathEqualTo("/api/v2/users/auth0%7C42/organizations"))
				.willReturn(UpstreamStubs.organizationsOk()));
	}

	@Test
	void largeAnswerShouldBeGzipWhenTheClientAcceptsIt() throws Exception {
		HttpResponse<byte[]> response = sendForBytes(request(LARGE_USER).header("Accept-Encoding", "gzip"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(response.headers().allValues("Vary"))
			.anyMatch((vary) -> vary.toLowerCase(Locale.ROOT).contains("accept-encoding"));
		String body = gunzip(response.body());
		assertThat(body.length()).isGreaterThan(10_000);
		assertThat(response.body().length).isLessThan(body.length() / 4);
		assertThat(this.json.readTree(body).at("/organizations").size()).isEqualTo(150);
	}

	@Test
	void largeAnswerShouldBePlainWhenTheClientDoesNotAcceptGzip() throws Exception {
		HttpResponse<byte[]> response = sendForBytes(request(LARGE_USER));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(this.json.readTree(response.body()).at("/organizations").size()).isEqualTo(150);
	}

	@Test
	void smallAnswerShouldNotBeCompressed() throws Exception {
		HttpResponse<byte[]> response = sendForBytes(request(SMALL_USER).header("Accept-Encoding", "gzip"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().length).isLessThan(1024);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
	}

	@Test
	void compressedAnswerShouldKeepOneWeakETagThatStillGivesNotModified() throws Exception {
		HttpResponse<byte[]> compressed = sendForBytes(request(LARGE_USER).header("Accept-Encoding", "gzip"));
		HttpResponse<byte[]> plain = sendForBytes(request(LARGE_USER));
		assertThat(this.json.readTree(gunzip(compressed.body())).at("/complete").asBoolean()).isTrue();
		String etag = compressed.headers().firstValue("ETag").orElseThrow();
		assertThat(etag).startsWith("W/\"");
		assertThat(plain.headers().firstValue("ETag")).hasValue(etag);
		HttpResponse<byte[]> notModified = sendForBytes(
				request(LARGE_USER).header("Accept-Encoding", "gzip").header("If-None-Match", etag));
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(sendForBytes(request(LARGE_USER).header("If-None-Match", etag)).statusCode()).isEqualTo(304);
		assertThat(sendForBytes(
				request(LARGE_USER).header("Accept-Encoding", "gzip").header("If-None-Match", "W/\"other\""))
			.statusCode()).isEqualTo(200);
	}

	@Test
	void corsShouldBeOffByDefault() throws Exception {
		HttpResponse<byte[]> response = sendForBytes(
				api(SMALL_USER).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
					.header("Origin", "https://app.example.com")
					.header("Access-Control-Request-Method", "GET"));
		assertThat(response.headers().map().keySet())
			.noneMatch((name) -> name.toLowerCase().startsWith("access-control-"));
		HttpResponse<byte[]> answer = sendForBytes(request(SMALL_USER).header("Origin", "https://app.example.com"));
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().map().keySet())
			.noneMatch((name) -> name.toLowerCase().startsWith("access-control-"));
	}

	@Test
	void eventsEndpointShouldNotExistWithoutItsToken() throws Exception {
		HttpRequest.Builder event = api("/events/auth0").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString(Auth0EventStubs.memberEvent("evt_1", "organization.member.added", "auth0|42", "org_1")));
		assertThat(sendForBytes(event.copy().header("Authorization", TestTokens.bearer(TestTokens.service())))
			.statusCode()).isEqualTo(404);
		assertThat(sendForBytes(event.copy().header("Authorization", "Bearer " + Auth0EventStubs.EVENTS_TOKEN))
			.statusCode()).isEqualTo(401);
	}

	private static ResponseDefinitionBuilder page(int from, int to) {
		StringBuilder organizations = new StringBuilder();
		for (int i = from; i < to; i++) {
			organizations.append((i > from) ? "," : "").append("""
					{"id":"org_%1$03d","name":"organization-%1$03d","display_name":"Organization number %1$d",
					 "metadata":{"tier":"gold","region":"eu-%1$d"}}""".formatted(i));
		}
		return okJson(
				"{\"start\":%d,\"limit\":100,\"total\":150,\"organizations\":[%s]}".formatted(from, organizations));
	}

	private HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static String gunzip(byte[] body) {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
