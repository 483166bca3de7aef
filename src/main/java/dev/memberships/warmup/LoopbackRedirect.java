package dev.memberships.warmup;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends the upstream clients' requests to the {@link LoopbackUpstreams} while the request
 * path warms up, and nowhere else otherwise: a filter on every {@link WebClient} built
 * from the application's builder, as the upstream clients are. Only requests for the
 * upstream hosts are redirected, path and query kept. Off, it costs one volatile read.
 */
final class LoopbackRedirect implements ExchangeFilterFunction, WebClientCustomizer {

	private final List<URI> upstreams;

	private volatile @Nullable URI loopback;

	LoopbackRedirect(List<String> upstreamBaseUrls) {
		this.upstreams = upstreamBaseUrls.stream().map(URI::create).toList();
	}

	@Override
	public void customize(WebClient.Builder builder) {
		builder.filter(this);
	}

	void to(String baseUrl) {
		this.loopback = URI.create(baseUrl);
	}

	void off() {
		this.loopback = null;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		URI loopback = this.loopback;
		if (loopback == null || !isUpstream(request.url())) {
			return next.exchange(request);
		}
		URI redirected = UriComponentsBuilder.fromUri(request.url())
			.scheme(loopback.getScheme())
			.host(loopback.getHost())
			.port(loopback.getPort())
			.build(true)
			.toUri();
		return next.exchange(ClientRequest.from(request).url(redirected).build());
	}

	private boolean isUpstream(URI url) {
		for (URI upstream : this.upstreams) {
			if (Objects.equals(upstream.getHost(), url.getHost()) && port(upstream) == port(url)) {
				return true;
			}
		}
		return false;
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

}
