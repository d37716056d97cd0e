/**
 * Spring Boot auto-configuration of mailvet: the engine from {@code mailvet.*} properties,
 * {@code @DeliverableEmail} wired to it, Micrometer metrics and an Actuator health indicator.
 */
@NullMarked
package io.github.mailvet.spring;

import org.jspecify.annotations.NullMarked;
