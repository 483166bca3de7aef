package dev.memberships;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the memberships service, which answers what a user belongs to: the user's Auth0
 * organizations, EnOS organization structures and EnOS user groups, merged.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MembershipsApplication {

	public static void main(String[] args) {
		SpringApplication.run(MembershipsApplication.class, args);
	}

}
