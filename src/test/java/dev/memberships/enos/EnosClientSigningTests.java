package dev.memberships.enos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.memberships.enos.EnosTestSupport.Endpoint;
import dev.memberships.testsupport.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway signs the body bytes as sent: these tests recompute the signature from what
 * WireMock received.
 */
class EnosClientSigningTests {

	@RegisterExtension
	static WireMockExtension wireMock = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final MutableClock clock = new MutableClock(EnosTestSupport.START);

	private final EnosClient client = EnosTestSupport.client(wireMock, this.clock);

	@ParameterizedTest
	@EnumSource
	void callShouldSignExactBodyBytesSent(Endpoint endpoint) throws Exception {
		EnosTestSupport.stubTokens(wireMock, "token-1");
		wireMock.stubFor(post(endpoint.path).willReturn(okJson(EnosTestSupport.success(endpoint.data))));
		this.clock.advance(Duration.ofMillis(123));
		EnosTestSupport.resultOf(endpoint.call(this.client, List.of("ünï", "auth0|64f1c2", "用户")));
		LoggedRequest request = wireMock.findAll(postRequestedFor(urlEqualTo(endpoint.path))).get(0);
		assertThat(request.getHeader("apim-accesstoken")).isEqualTo("token-1");
		assertThat(request.getHeader("apim-timestamp")).isEqualTo(Long.toString(this.clock.millis()));
		assertThat(request.getHeader("Content-Type")).startsWith("application/json");
		assertThat(request.getUrl()).isEqualTo(endpoint.path);
		EnosTestSupport.assertSigned(request);
		assertThat(new String(request.getBody(), StandardCharsets.ISO_8859_1))
			.contains(new String("\"ünï\"".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
			.contains(new String("\"用户\"".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
	}

}
