package io.github.mailvet.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.Mailvet;
import io.github.mailvet.testing.dns.DnsTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Camel Spring Boot with the mailvet starter: the component reuses the starter's engine. */
@SpringBootTest(classes = MailvetCamelSpringBootTest.App.class)
class MailvetCamelSpringBootTest {

  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25")
      .mx("gmail.com", 5, "gmail-smtp-in.l.google.com")
      .a("gmail-smtp-in.l.google.com", "192.0.2.27").start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mailvet.dns.servers", DNS::hostPort);
    registry.add("mailvet.profile", () -> "b2b");
  }

  @SpringBootApplication
  static class App {
    @Bean
    RouteBuilder leads() {
      return new RouteBuilder() {
        @Override
        public void configure() {
          from("direct:lead").to("mailvet:verify");
        }
      };
    }
  }

  @Autowired
  CamelContext camel;

  @Autowired
  Mailvet mailvet;

  @Autowired
  ProducerTemplate template;

  @Test
  void theComponentUsesTheStartersEngine() {
    assertThat(camel.getComponent("mailvet", MailvetComponent.class).getMailvet())
        .isSameAs(mailvet);
    var out = template.request("direct:lead", e -> e.getMessage().setBody("ada@gmail.com"));
    assertThat(out.getMessage().getHeader(MailvetConstants.DECISION))
        .as("the starter's b2b profile rejects free providers").isEqualTo("reject");
    assertThat(out.getMessage().getHeader(MailvetConstants.RULE)).isEqualTo("free_provider");
    assertThat(out.getMessage().getHeader(MailvetConstants.STATUS)).isEqualTo("valid");
    assertThat(template.request("direct:lead", e -> e.getMessage().setBody("ada@acme.com"))
        .getMessage().getHeader(MailvetConstants.DECISION)).isEqualTo("accept");
  }
}
