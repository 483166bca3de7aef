package dev.memberships;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, over the main classes: no package cycles,
 * the core free of the Redis adapter, the cache engine free of the upstreams, and the web
 * layer free of security.
 */
class PackageRulesTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages("dev.memberships");

	@Test
	void packagesShouldBeFreeOfCycles() {
		SlicesRuleDefinition.slices().matching("dev.memberships.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void membershipShouldNotDependOnTheRedisAdapter() {
		ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage("dev.memberships.membership..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.memberships.redis..")
			.check(classes);
	}

	@Test
	void cacheEngineShouldNotDependOnAnyUpstream() {
		ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage("dev.memberships.membership.cache..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.memberships.auth0..", "dev.memberships.enos..")
			.check(classes);
	}

	@Test
	void webShouldNotDependOnSecurity() {
		ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage("dev.memberships.web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.memberships.security..")
			.check(classes);
	}

}
