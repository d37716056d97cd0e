package io.github.mailvet.camel.springboot;

import io.github.mailvet.Mailvet;
import io.github.mailvet.camel.MailvetComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Camel Spring Boot: the {@code mailvet} component uses the application's {@link Mailvet} bean
 * (the starter's, or your own), so routes and {@code @DeliverableEmail} share one engine, its
 * caches, quotas and ledger.
 */
@AutoConfiguration(afterName = "io.github.mailvet.spring.MailvetAutoConfiguration",
    beforeName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
@ConditionalOnClass({CamelContext.class, Mailvet.class})
@ConditionalOnBean(Mailvet.class)
public final class MailvetCamelAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "mailvetComponentCustomizer")
  ComponentCustomizer mailvetComponentCustomizer(Mailvet mailvet) {
    return ComponentCustomizer.forType(MailvetComponent.class, c -> c.setMailvet(mailvet));
  }
}
