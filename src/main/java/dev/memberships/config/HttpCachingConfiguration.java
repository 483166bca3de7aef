package dev.memberships.config;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * HTTP caching for frontends: a strong ETag of each answer's content, and
 * {@code 304 Not Modified} when the caller already has it.
 */
@Configuration(proxyBeanMethods = false)
class HttpCachingConfiguration {

	@Bean
	FilterRegistrationBean<ShallowEtagHeaderFilter> etagFilter() {
		FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(
				new ShallowEtagHeaderFilter());
		registration.addUrlPatterns("/users/*");
		return registration;
	}

}
