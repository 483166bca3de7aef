package dev.memberships.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.membership.LocalMembershipEvictions;
import dev.memberships.membership.cache.SharedLevel;
import dev.memberships.membership.evictions.MembershipEvictions;
import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.UpstreamStubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.RedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Without {@code memberships.redis.enabled} the service is what it was: no Redis bean, no
 * Redis health contributor, and no connection to the Redis {@code spring.data.redis.*}
 * names (here a socket the test listens on).
 */
class RedisSwitchOffTests {

	private static final WireMockServer auth0 = StubUpstreams.auth0();

	private static final WireMockServer enos = StubUpstreams.enos();

	private static ServerSocket redis;

	private static RedisPods pods;

	private static RedisPods.Pod pod;

	@BeforeAll
	static void startPodWithTheSwitchOff() throws IOException {
		// The stubs are shared: forget what earlier classes stubbed and were asked.
		StubUpstreams.reset();
		redis = new ServerSocket(0);
		pods = new RedisPods("redis://127.0.0.1:" + redis.getLocalPort(), "test-off");
		pod = pods.start("memberships.redis.enabled=false");
	}

	@AfterAll
	static void stop() throws IOException {
		pods.close();
		redis.close();
	}

	@Test
	void contextWhenSwitchIsOffShouldHoldNoRedisBeanAndNoRedisHealth() {
		ConfigurableApplicationContext context = pod.context();
		assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
		assertThat(context.getBeanNamesForType(ReactiveRedisConnectionFactory.class)).isEmpty();
		assertThat(context.getBeanNamesForType(RedisTemplate.class)).isEmpty();
		assertThat(context.getBeanNamesForType(ReactiveRedisTemplate.class)).isEmpty();
		assertThat(context.getBeanNamesForType(RedisCalls.class)).isEmpty();
		assertThat(context.getBeanNamesForType(SharedLevel.class)).isEmpty();
		assertThat(context.getBean(MembershipEvictions.class)).isInstanceOf(LocalMembershipEvictions.class);
		assertThat(context.getBean(HealthContributorRegistry.class).getContributor("redis")).isNull();
		assertThat(context.getBean(HealthContributorRegistry.class).getContributor("upstreams")).isNotNull();
		HttpResponse<String> health = pod.management("GET", "/actuator/health", TestTokens.service());
		assertThat(health.body()).contains("\"upstreams\"").doesNotContain("\"redis\"");
	}

	@Test
	void getMembershipsWhenSwitchIsOffShouldAnswerWithoutConnectingToRedis() throws IOException {
		UpstreamStubs.tokens(auth0, enos);
		UpstreamStubs.allOk(auth0, enos, "auth0|42");
		HttpResponse<String> answer = pod.memberships("auth0|42");
		assertThat(answer.statusCode()).isEqualTo(200);
		pod.management("DELETE", "/actuator/usercache/auth0%7C42", TestTokens.admin());
		// Nothing may have connected to the socket spring.data.redis.url names.
		redis.setSoTimeout(200);
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(redis::accept);
	}

}
