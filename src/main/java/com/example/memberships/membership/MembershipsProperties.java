package com.example.memberships.membership;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the memberships endpoint answers.
 *
 * @param deadline the most a request may take, all upstream calls included; a source not
 * answered by then is reported {@code UNAVAILABLE} with reason {@code timeout}
 */
@Validated
@ConfigurationProperties("memberships")
record MembershipsProperties(@DefaultValue("2s") @NotNull Duration deadline) {
}
