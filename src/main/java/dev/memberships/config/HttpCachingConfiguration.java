package dev.memberships.config;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * HTTP caching for frontends: an ETag of each answer's content, and
 * {@code 304 Not Modified} when the caller already has it.
 * <p>
 * The ETag is weak ({@code W/"..."}): the same answer goes out gzip-compressed or not
 * (Tomcat compresses after this filter, see {@code server.compression}), and those are
 * different byte sequences that a strong validator would have to tell apart. A weak one
 * names the answer whatever its encoding, and {@code If-None-Match} compares weakly (RFC
 * 9110 13.1.2), so a browser's 304 works for both.
 */
@Configuration(proxyBeanMethods = false)
class HttpCachingConfiguration {

	@Bean
	FilterRegistrationBean<ShallowEtagHeaderFilter> etagFilter() {
		ShallowEtagHeaderFilter filter = new ShallowEtagHeaderFilter();
		filter.setWriteWeakETag(true);
		FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/users/*");
		return registration;
	}

}
