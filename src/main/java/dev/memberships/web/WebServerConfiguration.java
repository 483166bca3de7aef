package dev.memberships.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat settings the API needs.
 */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

	/**
	 * User ids may contain {@code /} (for example {@code adfs|john/doe}), sent as
	 * {@code %2F} inside one path segment. Tomcat rejects an encoded slash by default;
	 * passing it through keeps it inside the segment, where Spring decodes it into the
	 * path variable.
	 */
	@Bean
	TomcatConnectorCustomizer encodedSlashInUserIds() {
		return (connector) -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
	}

}
