package io.github.mailvet.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.mailvet.Decision;
import io.github.mailvet.Mailvet;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.knowledge.KnowledgeBase;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.validation.DeliverableEmail;
import io.github.mailvet.validation.DeliverableEmailViolations;
import io.github.mailvet.validation.MailvetValidation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition of the auto-configurations, with {@link ApplicationContextRunner}. */
class MailvetAutoConfigurationTest {

  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25")
      .mx("gmail.com", 5, "gmail-smtp-in.l.google.com")
      .a("gmail-smtp-in.l.google.com", "192.0.2.27")
      .mx("competitor.com", 10, "mx.competitor.com").a("mx.competitor.com", "192.0.2.28")
      .mx("blocked-mail.com", 10, "mx.blocked-mail.com").a("mx.blocked-mail.com", "192.0.2.29")
      .mx("mailinator.com", 10, "mx.mailinator.com").a("mx.mailinator.com", "192.0.2.30")
      .servfail("broken.example").start();

  @RegisterExtension
  static final WireMockExtension API = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MailvetAutoConfiguration.class,
          MailvetMetricsAutoConfiguration.class, MailvetHealthAutoConfiguration.class,
          ValidationAutoConfiguration.class))
      .withPropertyValues("mailvet.dns.servers=" + DNS.hostPort());

  record Form(@DeliverableEmail(profile = "partners") String email) { }

  record Signup(@DeliverableEmail(profile = "signup") String email) { }

  @Test
  void anEngineWithTheDefaults() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(Mailvet.class).hasSingleBean(KnowledgeBase.class)
          .hasSingleBean(MailvetValidation.class);
      Mailvet m = context.getBean(Mailvet.class);
      assertThat(m.isOffline()).isFalse();
      assertThat(m.verify("ada@acme.com").status()).isEqualTo(Status.VALID);
    });
  }

  @Test
  void disabledByProperty() {
    runner.withPropertyValues("mailvet.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(Mailvet.class)
            .doesNotHaveBean(MailvetValidation.class).doesNotHaveBean(MailvetMetrics.class)
            .doesNotHaveBean(MailvetHealthIndicator.class));
  }

  @Test
  void aUsersEngineBeanIsUsedEverywhere() {
    runner.withUserConfiguration(OwnEngine.class).run(context -> {
      assertThat(context).hasSingleBean(Mailvet.class);
      assertThat(context.getBean(Mailvet.class)).isSameAs(OwnEngine.ENGINE);
      assertThat(context.getBean(MailvetValidation.class).engine()).isSameAs(OwnEngine.ENGINE);
      Validator v = context.getBean(Validator.class);
      Set<ConstraintViolation<Signup>> out = v.validate(new Signup("ada@own-deny.com"));
      assertThat(out).hasSize(1);
      assertThat(out.iterator().next().getMessage()).contains("disposable");
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnEngine {
    static final Mailvet ENGINE = Mailvet.builder().offline(true)
        .knowledgeBase(KnowledgeBase.builder().denyDomains(List.of("own-deny.com")).build())
        .build();

    @Bean
    Mailvet myEngine() {
      return ENGINE;
    }
  }

  @Test
  void propertiesConfigureListsProfilesAndTheDefaultProfile() {
    runner.withPropertyValues("mailvet.lists.deny=blocked-mail.com",
        "mailvet.profile=partners",
        "mailvet.profiles.partners.reject-free=true",
        "mailvet.profiles.partners.deny-domains=competitor.com",
        "mailvet.syntax=rfc5321", "mailvet.dns.timeout=2s").run(context -> {
          Mailvet m = context.getBean(Mailvet.class);
          VerificationResult free = m.verify("ada@gmail.com");
          assertThat(free.decision()).isEqualTo(Decision.REJECT);
          assertThat(free.rule()).isEqualTo("free_provider");
          assertThat(m.verify("ada@blocked-mail.com").status()).isEqualTo(Status.DISPOSABLE);
          assertThat(m.verify("ada@acme.com").decision()).isEqualTo(Decision.ACCEPT);
          Validator v = context.getBean(Validator.class);
          Set<ConstraintViolation<Form>> out = v.validate(new Form("bob@competitor.com"));
          assertThat(out).extracting(ConstraintViolation::getMessage)
              .containsExactly("is not accepted here");
        });
  }

  @Test
  void roleAddressesAreValidUnlessAllowRoleBasedIsOff() {
    runner.withPropertyValues("mailvet.offline=true").run(context -> assertThat(
        context.getBean(Mailvet.class).verify("info@gmail.com").status()).isEqualTo(Status.VALID));
    runner.withPropertyValues("mailvet.offline=true", "mailvet.allow-role-based=false")
        .run(context -> {
          VerificationResult r = context.getBean(Mailvet.class).verify("info@gmail.com");
          assertThat(r.status()).isEqualTo(Status.RISKY);
          assertThat(r.reason().wireName()).isEqualTo("role_based");
        });
  }

  @Test
  void enumPropertiesAreBoundBySpringInTheirRelaxedForms() {
    runner.withPropertyValues("mailvet.offline=true", "mailvet.syntax=rfc5322-lenient",
        "mailvet.hosted.bulk-quota=refuse-whole").run(context -> {
          assertThat(context.getBean(MailvetProperties.class).getSyntax())
              .isEqualTo(MailvetProperties.Syntax.RFC5322_LENIENT);
          // comments are RFC 5322 syntax: the lenient policy takes them
          assertThat(context.getBean(Mailvet.class).verify("ada(home)@gmail.com").status())
              .isEqualTo(Status.VALID);
        });
    runner.withPropertyValues("mailvet.syntax=loose").run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("mailvet.syntax"));
  }

  @Test
  void aBadSettingFailsStartupWithTheProperty() {
    runner.withPropertyValues("mailvet.profile=nope").run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("mailvet.profile=nope"));
    runner.withPropertyValues("mailvet.hosted.mode=sometimes").run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("mailvet.hosted.mode"));
    runner.withPropertyValues("mailvet.hosted.mode=hosted-first",
        "mailvet.hosted.providers.killbounce.timeout=1s").run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("KILLBOUNCE_API_KEY"));
  }

  @Test
  void hostedProvidersFromProperties() {
    String key = "ak_live_00000000000000000000000000000001";
    API.stubFor(post(urlEqualTo("/api/v1/validate-email")).willReturn(okJson(
        "{\"email\":\"ada@acme.com\",\"status\":\"valid\",\"score\":0.99,"
            + "\"reason\":\"accepted_email\",\"checks\":{}}")));
    runner.withPropertyValues("mailvet.hosted.mode=hosted-first",
        "mailvet.hosted.providers.apiddress.api-key=" + key,
        "mailvet.hosted.providers.apiddress.base-url=http://127.0.0.1:" + API.getPort(),
        "mailvet.hosted.providers.apiddress.monthly-budget=100").run(context -> {
          Mailvet m = context.getBean(Mailvet.class);
          assertThat(m.verify("ada@acme.com").source()).isEqualTo("apiddress");
          assertThat(m.usage()).singleElement().satisfies(u -> {
            assertThat(u.budget()).isEqualTo(100);
            assertThat(u.credits()).isEqualTo(1);
          });
          assertThat(context.getBean(MailvetProperties.class).getHosted().getProviders()
              .toString()).doesNotContain(key);
        });
  }

  @Test
  void metricsWhenMicrometerIsThere() {
    runner.withBean(SimpleMeterRegistry.class).run(context -> {
      assertThat(context).hasSingleBean(MailvetMetrics.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      context.getBean(MailvetMetrics.class).bindTo(registry);
      context.getBean(Mailvet.class).verify("ada@acme.com");
      context.getBean(Mailvet.class).verify("x@mailinator.com");
      assertThat(registry.get("mailvet.verifications").tag("status", "valid").counter()
          .count()).isEqualTo(1);
      assertThat(registry.get("mailvet.verifications").tag("status", "disposable").counter()
          .count()).isEqualTo(1);
      assertThat(registry.get("mailvet.verification.duration").timer().count()).isEqualTo(2);
    });
    runner.withBean(SimpleMeterRegistry.class)
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).doesNotHaveBean(MailvetMetrics.class));
    runner.run(context -> assertThat(context).as("no registry")
        .doesNotHaveBean(MailvetMetrics.class));
  }

  @Test
  void healthWhenTheHealthModuleIsThere() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(MailvetHealthIndicator.class);
      Health h = context.getBean(MailvetHealthIndicator.class).health(true);
      assertThat(h.getStatus().getCode()).isEqualTo("UP");
      assertThat(h.getDetails()).containsEntry("dns", "reachable");
    });
    runner.withPropertyValues("mailvet.health.dns-probe-domain=broken.example").run(context -> {
      Health h = context.getBean(MailvetHealthIndicator.class).health(true);
      assertThat(h.getStatus().getCode()).isEqualTo("DOWN");
      assertThat(h.getDetails()).containsEntry("dns", "unreachable");
    });
    runner.withPropertyValues("management.health.mailvet.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(MailvetHealthIndicator.class));
    runner.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class)).run(context ->
        assertThat(context).doesNotHaveBean(MailvetHealthIndicator.class));
  }

  @Test
  void theTypoSuggestionReachesTheViolation() {
    runner.run(context -> {
      Set<ConstraintViolation<Signup>> out = context.getBean(Validator.class)
          .validate(new Signup("ada@gmial.com"));
      assertThat(out).hasSize(1);
      assertThat(DeliverableEmailViolations.suggestion(out.iterator().next()))
          .contains("ada@gmail.com");
    });
  }
}
