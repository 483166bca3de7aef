package dev.memberships;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's one source of time: a {@link Clock} for instants (deadlines, token
 * expiry, rate-limit windows) and a Caffeine {@link Ticker} for cache ages. Every class
 * that reads time takes one of these, so a test can move time instead of waiting.
 */
@Configuration(proxyBeanMethods = false)
class TimeConfiguration {

	@Bean
	Clock systemClock() {
		return Clock.systemUTC();
	}

	@Bean
	Ticker systemTicker() {
		return Ticker.systemTicker();
	}

}
