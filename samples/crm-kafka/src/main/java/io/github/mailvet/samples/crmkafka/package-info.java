/** The CRM import over Kafka: {@link io.github.mailvet.samples.crmkafka.CrmKafka}. */
@NullMarked
package io.github.mailvet.samples.crmkafka;

import org.jspecify.annotations.NullMarked;
