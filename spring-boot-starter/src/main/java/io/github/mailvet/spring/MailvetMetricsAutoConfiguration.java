package io.github.mailvet.spring;

import io.github.mailvet.Mailvet;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Micrometer meters for the engine, when Micrometer and a registry are present. */
@AutoConfiguration(after = MailvetAutoConfiguration.class, afterName =
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({Mailvet.class, MeterRegistry.class})
public final class MailvetMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MailvetMetrics mailvetMetrics(Mailvet mailvet) {
    return new MailvetMetrics(mailvet);
  }
}
