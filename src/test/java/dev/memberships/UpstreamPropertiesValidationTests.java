package dev.memberships;

import java.util.Locale;

import dev.memberships.auth0.Auth0Properties;
import dev.memberships.enos.EnosProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(UpstreamProperties.class)
		.withPropertyValues("memberships.auth0.base-url=https://acme.eu.auth0.com", "memberships.auth0.client-id=id",
				"memberships.auth0.client-secret=secret", "memberships.enos.base-url=https://apim.example.com",
				"memberships.enos.app-key=key", "memberships.enos.app-secret=secret",
				"memberships.enos.organization-id=ou_main");

	@Test
	void bindWhenEverythingSetShouldApplyDefaults() {
		this.runner.run((context) -> {
			Auth0Properties auth0 = context.getBean(Auth0Properties.class);
			assertThat(auth0.effectiveAudience()).isEqualTo("https://acme.eu.auth0.com/api/v2/");
			assertThat(auth0.pageSize()).isEqualTo(100);
			assertThat(context.getBean(EnosProperties.class).organizationId()).isEqualTo("ou_main");
		});
	}

	@Test
	void bindWhenAudienceSetShouldUseIt() {
		this.runner.withPropertyValues("memberships.auth0.audience=https://api.example.com/")
			.run((context) -> assertThat(context.getBean(Auth0Properties.class).effectiveAudience())
				.isEqualTo("https://api.example.com/"));
	}

	@Test
	void bindWhenSecretMissingShouldFailNamingTheProperty() {
		assertStartupFailureNames("memberships.auth0.client-secret=", "memberships.auth0.client-secret");
	}

	@Test
	void bindWhenBaseUrlMalformedShouldFailNamingTheProperty() {
		assertStartupFailureNames("memberships.enos.base-url=apim.example.com", "memberships.enos.base-url");
	}

	@Test
	void bindWhenOrganizationIdMalformedShouldFailNamingTheProperty() {
		assertStartupFailureNames("memberships.enos.organization-id=ou/1", "memberships.enos.organization-id");
	}

	@Test
	void bindWhenNothingSetShouldFailNamingEveryRequiredSettingNotJustTheFirstRecords() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.security.oauth2.resourceserver.jwt.audiences", "https://memberships.example.com");
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(UpstreamProperties.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new UpstreamPropertiesFailureAnalyzer(environment)
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.contains("memberships.auth0.base-url", "MEMBERSHIPS_AUTH0_BASE_URL")
					.contains("memberships.enos.base-url", "MEMBERSHIPS_ENOS_BASE_URL")
					.contains("memberships.enos.organization-id", "MEMBERSHIPS_ENOS_ORGANIZATION_ID")
					.contains("spring.security.oauth2.resourceserver.jwt.issuer-uri")
					.doesNotContain("spring.security.oauth2.resourceserver.jwt.audiences");
			});
	}

	private void assertStartupFailureNames(String setting, String property) {
		this.runner.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new UpstreamPropertiesFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(property)
				.contains(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
			String value = setting.substring(setting.indexOf('=') + 1);
			if (!value.isEmpty()) {
				assertThat(analysis.getDescription()).doesNotContain(value);
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ Auth0Properties.class, EnosProperties.class })
	static class UpstreamProperties {

	}

}
