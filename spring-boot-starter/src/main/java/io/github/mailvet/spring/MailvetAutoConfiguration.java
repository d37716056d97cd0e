package io.github.mailvet.spring;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Profile;
import io.github.mailvet.VerificationListener;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.HostedProvider;
import io.github.mailvet.hosted.JsonMapping;
import io.github.mailvet.hosted.Providers;
import io.github.mailvet.knowledge.KnowledgeBase;
import io.github.mailvet.validation.MailvetValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The mailvet engine from {@code mailvet.*} properties, and {@code @DeliverableEmail} wired to
 * it. Every bean backs off when the application defines its own; {@code mailvet.enabled=false}
 * turns it all off.
 */
@AutoConfiguration(beforeName =
    "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@ConditionalOnBooleanProperty(name = "mailvet.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MailvetProperties.class)
public final class MailvetAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  KnowledgeBase mailvetKnowledgeBase(MailvetProperties properties) {
    MailvetProperties.Lists l = properties.getLists();
    if (l.getAllow().isEmpty() && l.getDeny().isEmpty() && l.getRoles().isEmpty()) {
      return KnowledgeBase.bundled();
    }
    return KnowledgeBase.builder().allowDomains(l.getAllow()).denyDomains(l.getDeny())
        .addRoleAccounts(l.getRoles()).build();
  }

  @Bean
  @ConditionalOnMissingBean
  MailvetProfiles mailvetProfiles(MailvetProperties properties) {
    List<Profile> out = new ArrayList<>();
    for (Map.Entry<String, MailvetProperties.ProfileProperties> e
        : properties.getProfiles().entrySet()) {
      MailvetProperties.ProfileProperties p = e.getValue();
      Profile.Builder b = Profile.builder(e.getKey()).rejectDisposable(p.isRejectDisposable())
          .rejectFree(p.isRejectFree()).rejectRole(p.isRejectRole())
          .reviewRole(p.isReviewRole()).reviewTypo(p.isReviewTypo())
          .reviewRisky(p.isReviewRisky())
          .onUnknown(p.getOnUnknown())
          .allowDomains(p.getAllowDomains()).denyDomains(p.getDenyDomains());
      if (p.getMinScore() != null) {
        b.minScore(p.getMinScore(), p.getBelowMinScore());
      }
      out.add(b.build());
    }
    return new MailvetProfiles(out);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Mailvet mailvet(MailvetProperties properties, KnowledgeBase knowledge,
      MailvetProfiles profiles, ObjectProvider<VerificationListener> listeners,
      ObjectProvider<MailvetBuilderCustomizer> customizers) {
    MailvetProperties.Dns dns = properties.getDns();
    MailvetProperties.Smtp smtp = properties.getSmtp();
    Mailvet.Builder b = Mailvet.builder().knowledgeBase(knowledge)
        .offline(properties.isOffline()).testMode(properties.isTestMode())
        .allowRoleBased(properties.isAllowRoleBased())
        .syntaxPolicy(properties.getSyntax().policy())
        .dnsServers(dns.getServers())
        .smtp(smtp.isEnabled()).mailFrom(smtp.getMailFrom())
        .allowPrivateMx(smtp.isAllowPrivateMx())
        .smtpPerHost(smtp.getSessionsPerHost(), smtp.getIntervalPerHost());
    // what is not set keeps the engine's default: defaults are stated once, in the engine
    PropertyMapper map = PropertyMapper.get();
    map.from(properties::getConcurrency).to(b::concurrency);
    map.from(dns::getTimeout).to(b::dnsTimeout);
    map.from(dns::getRetries).to(b::dnsRetries);
    map.from(smtp::getPort).to(b::smtpPort);
    map.from(smtp::getTimeout).to(b::smtpTimeout);
    map.from(smtp::getHeloName).to(b::heloName);
    map.from(smtp::getGreylistRetry).to(b::greylistRetry);
    if (properties.getProfile() != null) {
      String name = properties.getProfile();
      b.profile(profiles.find(name).orElseThrow(() -> new IllegalStateException(
          "mailvet.profile=" + name + ": no such profile (built in: " + Profile.builtInNames()
              + ", configured: " + profiles.names() + ")")));
    }
    Hosted hosted = hosted(properties.getHosted());
    if (hosted != null) {
      b.hosted(hosted);
    }
    // listeners (metrics) are beans that may be created after the engine: look them up once,
    // at the first result
    b.listener(new VerificationListener() {
      private volatile List<VerificationListener> resolved;

      @Override
      public void onResult(VerificationResult result) {
        List<VerificationListener> l = resolved;
        if (l == null) {
          l = listeners.orderedStream().toList();
          resolved = l;
        }
        for (VerificationListener each : l) {
          each.onResult(result);
        }
      }
    });
    customizers.orderedStream().forEach(c -> c.customize(b));
    return b.build();
  }

  @Bean
  @ConditionalOnMissingBean
  MailvetValidation mailvetValidation(Mailvet mailvet, MailvetProfiles profiles) {
    return MailvetValidation.of(mailvet, profiles.profiles());
  }

  /** Hands the engine to Hibernate Validator as the constraint validator payload. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({ValidationConfigurationCustomizer.class,
      HibernateValidatorConfiguration.class})
  static class ValidationConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "mailvetValidationConfigurationCustomizer")
    ValidationConfigurationCustomizer mailvetValidationConfigurationCustomizer(
        MailvetValidation validation) {
      return configuration -> {
        if (configuration instanceof HibernateValidatorConfiguration hv) {
          hv.constraintValidatorPayload(validation);
        }
      };
    }
  }

  private static Hosted hosted(MailvetProperties.HostedProperties h) {
    Hosted.Mode mode = h.getMode();
    if (mode == Hosted.Mode.LOCAL) {
      return null;
    }
    Hosted.Builder b = Hosted.builder().mode(mode).checkSmtp(h.isCheckSmtp());
    PropertyMapper map = PropertyMapper.get();
    map.from(h::getCacheTtl).to(b::cacheTtl);
    map.from(h::getCacheSize).to(b::cacheSize);
    map.from(h::getMaxAttempts).to(b::maxAttempts);
    map.from(h::getBackoff).to(b::backoff);
    map.from(h::getMaxRetryWait).to(b::maxRetryWait);
    map.from(h::getBreakerOpen).to(b::breakerOpen);
    map.from(h::getBulkQuota).to(b::bulkQuota);
    for (Map.Entry<String, MailvetProperties.ProviderProperties> e
        : h.getProviders().entrySet()) {
      String id = e.getKey();
      MailvetProperties.ProviderProperties p = e.getValue();
      String where = "mailvet.hosted.providers." + id;
      if (!Providers.IDS.contains(id)) {
        throw new IllegalStateException(where + ": unknown provider; built in: "
            + Providers.IDS);
      }
      String key = p.getApiKey() != null && !p.getApiKey().isBlank() ? p.getApiKey()
          : System.getenv(Providers.keyVariable(id));
      if (key == null || key.isBlank()) {
        throw new IllegalStateException(where + ".api-key is not set, nor is "
            + Providers.keyVariable(id));
      }
      Providers.Builder pb = Providers.builder(id).apiKey(key.strip());
      map.from(p::getTimeout).to(pb::timeout);
      map.from(p::getBaseUrl).to(pb::baseUrl);
      if (p.getPath() != null) {
        JsonMapping base = id.equals("validmail") ? JsonMapping.validMail()
            : JsonMapping.mailerio();
        pb.mapping(base.toBuilder().path(p.getPath()).build());
      }
      HostedProvider provider;
      try {
        provider = pb.build();
      } catch (IllegalStateException | IllegalArgumentException ex) {
        throw new IllegalStateException(where + ": " + ex.getMessage(), ex);
      }
      if (p.getMonthlyBudget() != null) {
        b.provider(provider, p.getMonthlyBudget());
      } else {
        b.provider(provider);
      }
    }
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("mailvet.hosted: " + e.getMessage(), e);
    }
  }
}
