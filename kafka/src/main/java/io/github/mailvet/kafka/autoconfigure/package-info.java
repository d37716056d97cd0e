/**
 * Spring Boot auto-configuration of a mailvet-kafka node: with the mailvet starter and Spring
 * Boot's Kafka support on the class path, a node is configured from {@code mailvet.kafka.*} and
 * {@code spring.kafka.*} and runs with the application context.
 */
@NullMarked
package io.github.mailvet.kafka.autoconfigure;

import org.jspecify.annotations.NullMarked;
