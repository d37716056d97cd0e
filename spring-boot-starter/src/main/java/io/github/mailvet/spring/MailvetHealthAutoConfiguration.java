package io.github.mailvet.spring;

import io.github.mailvet.Mailvet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code mailvet} health indicator, when Spring Boot's health module is present. */
@AutoConfiguration(after = MailvetAutoConfiguration.class)
@ConditionalOnClass({AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(Mailvet.class)
@ConditionalOnEnabledHealthIndicator("mailvet")
public final class MailvetHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = {"mailvetHealthIndicator", "mailvetHealthContributor"})
  MailvetHealthIndicator mailvetHealthIndicator(Mailvet mailvet, MailvetProperties properties) {
    return new MailvetHealthIndicator(mailvet, properties.getHealth().getDnsProbeDomain(),
        properties.getHealth().getTimeout());
  }
}
