package dev.memberships.warmup;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.auth0.Auth0Client;
import dev.memberships.auth0.Auth0Properties;
import dev.memberships.enos.EnosClient;
import dev.memberships.enos.EnosProperties;
import dev.memberships.upstream.TenantGate;
import dev.memberships.upstream.UpstreamResilienceRegistry;
import dev.memberships.upstream.Upstreams;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The warm-up and its steps. Other features add steps of their own as {@link WarmUpStep}
 * beans (Redis does).
 */
@Configuration(proxyBeanMethods = false)
class WarmUpConfiguration {

	/** The upstream whose rate belongs to the tenant, as the Redis level shares it. */
	private static final String TENANT_UPSTREAM = Upstreams.AUTH0;

	@Bean
	WarmUp warmUp(WarmUpProperties properties, ObjectProvider<WarmUpStep> steps, RequestPathWarmUp requestPath,
			Environment environment, Ticker ticker) {
		return new WarmUp(properties, steps.orderedStream().toList(), requestPath, environment, ticker);
	}

	@Bean
	RequestPathWarmUp requestPathWarmUp(WarmUpProperties properties, LoopbackRedirect loopbackRedirect,
			WarmUpTokens warmUpTokens, UpstreamResilienceRegistry upstreams, ObjectProvider<TenantGate> tenantGate,
			Ticker ticker) {
		return new RequestPathWarmUp(properties.requests(), loopbackRedirect, warmUpTokens,
				upstreams.get(TENANT_UPSTREAM), tenantGate.getIfAvailable(() -> TenantGate.LOCAL), ticker);
	}

	@Bean
	LoopbackRedirect loopbackRedirect(Auth0Properties auth0, EnosProperties enos) {
		return new LoopbackRedirect(List.of(auth0.baseUrl(), enos.baseUrl()));
	}

	@Bean
	static WarmUpTokens warmUpTokens(ObjectProvider<Clock> clock) {
		return new WarmUpTokens(clock.getIfAvailable(Clock::systemUTC));
	}

	/** The API's decoder, accepting the warm-up's own tokens while it runs. */
	@Bean
	static BeanPostProcessor warmUpTokensAccepted(ObjectProvider<WarmUpTokens> warmUpTokens) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JwtDecoder decoder) ? warmUpTokens.getObject().accepting(decoder) : bean;
			}

		};
	}

	@Bean
	WarmUpStep issuerKeysWarmUp(JwtDecoder jwtDecoder) {
		return new IssuerKeysWarmUp(jwtDecoder);
	}

	/** The token, and with it the first pooled connection to Auth0. */
	@Bean
	WarmUpStep auth0TokenWarmUp(Auth0Client auth0) {
		return new Step(Upstreams.AUTH0_TOKEN, auth0::fetchToken);
	}

	/** The token, and with it the first pooled connection to the EnOS gateway. */
	@Bean
	WarmUpStep enosTokenWarmUp(EnosClient enos) {
		return new Step(Upstreams.ENOS_TOKEN, enos::fetchToken);
	}

	private record Step(String name, Supplier<Mono<?>> work) implements WarmUpStep {

		@Override
		public Mono<?> run() {
			return this.work.get();
		}

	}

}
