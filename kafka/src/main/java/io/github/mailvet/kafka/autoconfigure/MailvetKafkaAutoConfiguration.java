package io.github.mailvet.kafka.autoconfigure;

import io.github.mailvet.Mailvet;
import io.github.mailvet.kafka.MailvetKafka;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * A mailvet-kafka node in a Spring Boot application: the engine is the starter's {@link Mailvet}
 * bean, the brokers, security and client settings are Boot's {@code spring.kafka.*} (taken from
 * the application's unique or primary consumer and producer factories, which Boot makes unless
 * the application has its own, SSL bundles and connection details included), and the
 * node's own settings are {@code mailvet.kafka.*}. The node starts and stops with the context;
 * an application's own {@link MailvetKafka} bean wins, and {@code mailvet.kafka.enabled=false}
 * turns it off.
 */
@AutoConfiguration(afterName = {"io.github.mailvet.spring.MailvetAutoConfiguration",
    "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnBooleanProperty(name = "mailvet.kafka.enabled", matchIfMissing = true)
@ConditionalOnBean({Mailvet.class, KafkaConnectionDetails.class})
@EnableConfigurationProperties(MailvetKafkaProperties.class)
public final class MailvetKafkaAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  MailvetKafka mailvetKafka(Mailvet engine, MailvetKafkaProperties properties,
      KafkaConnectionDetails connection, ObjectProvider<ConsumerFactory<?, ?>> consumers,
      ObjectProvider<ProducerFactory<?, ?>> producers) {
    MailvetKafka.Builder b = MailvetKafka.builder(
        String.join(",", connection.getConsumer().getBootstrapServers()), engine);
    ConsumerFactory<?, ?> consumer = consumers.getIfUnique();
    if (consumer != null) {
      Map<String, Object> c = consumer.getConfigurationProperties();
      c.forEach((name, value) -> {
        // mailvet.kafka.max-poll-records, when set, wins over spring.kafka.consumer's
        if (!(name.equals(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)
            && properties.getMaxPollRecords() != null)) {
          b.consumerProperty(name, value);
        }
      });
    }
    ProducerFactory<?, ?> producer = producers.getIfUnique();
    if (producer != null) {
      producer.getConfigurationProperties().forEach(b::producerProperty);
    }
    PropertyMapper map = PropertyMapper.get();
    map.from(properties::getNodeName).to(b::nodeName);
    map.from(properties::getVerifyTopic).to(b::verifyTopic);
    map.from(properties::getSmtpTopic).to(b::smtpTopic);
    map.from(properties::getResultTopic).to(b::resultTopic);
    map.from(properties::getMaxPollRecords).to(b::maxPollRecords);
    map.from(properties::getBatchTimeout).to(b::batchTimeout);
    map.from(properties::getOwnerKeySlots).to(b::ownerKeySlots);
    map.from(properties::getVerifyGroup).to(b::verifyGroup);
    map.from(properties::getSmtpGroup).to(b::smtpGroup);
    return b.autoStartup(properties.isAutoStartup()).build();
  }
}
