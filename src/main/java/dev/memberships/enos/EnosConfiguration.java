package dev.memberships.enos;

import java.time.Clock;

import dev.memberships.upstream.UpstreamResilienceRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@link EnosClient}, built on the application's {@link WebClient.Builder} and
 * {@link JsonMapper}. Time comes from the application's {@link Clock} when there is one,
 * so that token expiry and request timestamps can be controlled.
 */
@Configuration(proxyBeanMethods = false)
public class EnosConfiguration {

	/**
	 * The EnOS client.
	 * @param properties how to reach the gateway
	 * @param webClientBuilder the application's builder
	 * @param jsonMapper the application's mapper
	 * @param clock the application's clock
	 * @param resilience the protection of the {@code enos-structures},
	 * {@code enos-groups} and {@code enos-token} upstreams
	 * @return the client
	 */
	@Bean
	EnosClient enosClient(EnosProperties properties, WebClient.Builder webClientBuilder, JsonMapper jsonMapper,
			Clock clock, UpstreamResilienceRegistry resilience) {
		return new WebClientEnosClient(webClientBuilder, properties, jsonMapper, clock, resilience);
	}

}
