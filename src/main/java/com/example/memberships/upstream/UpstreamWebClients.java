package com.example.memberships.upstream;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the one {@link WebClient} each upstream gets: its own base URL, a connect
 * timeout, and a cap on how much of a body is read, so a huge answer is a failure, not an
 * out-of-memory.
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

}
