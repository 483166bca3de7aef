package dev.memberships.upstream;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the one {@link WebClient} each upstream host gets: its own base URL, a connect
 * timeout, and a cap on how much of a body is read, so a huge answer is a failure, not an
 * out-of-memory. Each upstream on the host (an API, its token endpoint) then gets a copy
 * with its own rate-limit filter, see {@link #forUpstream}.
 */
public final class UpstreamWebClients {

	private UpstreamWebClients() {
	}

	public static WebClient create(WebClient.Builder builder, String baseUrl, Duration connectTimeout,
			int maxBodyBytes) {
		HttpClient httpClient = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()));
		return builder.clone()
			.baseUrl(baseUrl)
			.clientConnector(new ReactorClientHttpConnector(httpClient))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(maxBodyBytes))
			.build();
	}

	/**
	 * The shared client of a host, its connection pool and body limit included, for one
	 * upstream on it: with the filter that shows every answer to the upstream's
	 * rate-limit gate.
	 * @param shared the host's client, from {@link #create}
	 * @param upstream the upstream the calls belong to
	 * @return a client for that upstream's calls
	 */
	public static WebClient forUpstream(WebClient shared, UpstreamResilience upstream) {
		return shared.mutate().filter(upstream.filter()).build();
	}

}
