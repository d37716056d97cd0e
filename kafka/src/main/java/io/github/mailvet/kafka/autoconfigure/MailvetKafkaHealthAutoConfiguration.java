package io.github.mailvet.kafka.autoconfigure;

import io.github.mailvet.kafka.MailvetKafka;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code mailvetKafka} health indicator, when Spring Boot's health module is present. */
@AutoConfiguration(after = MailvetKafkaAutoConfiguration.class)
@ConditionalOnClass({AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(MailvetKafka.class)
@ConditionalOnEnabledHealthIndicator("mailvetKafka")
@EnableConfigurationProperties(MailvetKafkaProperties.class)
public final class MailvetKafkaHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = {"mailvetKafkaHealthIndicator",
      "mailvetKafkaHealthContributor"})
  MailvetKafkaHealthIndicator mailvetKafkaHealthIndicator(MailvetKafka node,
      MailvetKafkaProperties properties) {
    return new MailvetKafkaHealthIndicator(node, properties.getHealthFailingThreshold());
  }
}
