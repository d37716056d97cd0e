package io.github.mailvet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.Mailvet;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.validation.DeliverableEmail;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A real Boot application with nothing but the starter (and Boot's validation) on it. */
@SpringBootTest(classes = StarterApplicationTest.App.class)
class StarterApplicationTest {

  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25").start();

  @DynamicPropertySource
  static void dns(DynamicPropertyRegistry registry) {
    registry.add("mailvet.dns.servers", DNS::hostPort);
    registry.add("mailvet.profile", () -> "signup");
  }

  @SpringBootApplication
  static class App { }

  record Signup(@DeliverableEmail(profile = "signup") String email) { }

  @Autowired
  Mailvet mailvet;

  @Autowired
  Validator validator;

  @Test
  void theEngineAndTheConstraintWork() {
    assertThat(mailvet.verify("ada@acme.com").decision()).isNotNull();
    assertThat(validator.validate(new Signup("ada@acme.com"))).isEmpty();
    assertThat(validator.validate(new Signup("x@mailinator.com"))).hasSize(1);
  }
}
