/**
 * The Kafka tier: verification spread over machines with each mail server in one consumer's
 * hands. See {@link io.github.mailvet.kafka.MailvetKafka}.
 */
@NullMarked
package io.github.mailvet.kafka;

import org.jspecify.annotations.NullMarked;
