package io.github.mailvet.camel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.mailvet.Mailvet;
import io.github.mailvet.Reason;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.Providers;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routes with {@code mailvet:verify} against the loopback DNS, SMTP and WireMock fixtures. */
class MailvetComponentTest extends CamelTestSupport {

  @RegisterExtension
  static final SmtpTestServer SMTP = SmtpTestServer.builder()
      .mailboxes("smtp-acme.com", "ada", "grace").start();

  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25")
      .mx("gmail.com", 5, "gmail-smtp-in.l.google.com")
      .a("gmail-smtp-in.l.google.com", "192.0.2.27")
      .mx("gmial.com", 10, "mx.gmial.com").a("mx.gmial.com", "192.0.2.28") // a typo-squat
      .mx("smtp-acme.com", 10, "mx.smtp-acme.com").a("mx.smtp-acme.com", "127.0.0.1")
      .servfail("broken-dns.com").start();

  @RegisterExtension
  static final DnsTestServer SLOW_DNS = DnsTestServer.builder()
      .mx("slow.com", 10, "mx.slow.com").a("mx.slow.com", "192.0.2.40")
      .mx("slow-budget.com", 10, "mx.slow-budget.com").a("mx.slow-budget.com", "192.0.2.41")
      .delay(Duration.ofMillis(400)).start();

  @RegisterExtension
  static final WireMockExtension API = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  static final Mailvet ENGINE = Mailvet.builder().dnsServers(List.of(DNS.hostPort())).build();

  static final Mailvet SMTP_ENGINE = Mailvet.builder().dnsServers(List.of(DNS.hostPort()))
      .smtp(true).smtpPort(SMTP.port()).allowPrivateMx(true)
      .heloName("verifier.mailvet-tests.com").build();

  static final Mailvet SLOW = Mailvet.builder().dnsServers(List.of(SLOW_DNS.hostPort()))
      .dnsTimeout(Duration.ofSeconds(3)).build();

  @AfterAll
  static void closeEngines() {
    ENGINE.close();
    SMTP_ENGINE.close();
    SLOW.close();
  }

  @Override
  protected CamelContext createCamelContext() throws Exception {
    CamelContext context = super.createCamelContext();
    context.getRegistry().bind("engine", ENGINE);
    MailvetComponent slow = new MailvetComponent();
    slow.setMailvet(SLOW);
    context.addComponent("mailvet-slow", slow);
    MailvetComponent smtp = new MailvetComponent();
    smtp.setMailvet(SMTP_ENGINE);
    context.addComponent("mailvet-smtp", smtp);
    MailvetComponent hosted = new MailvetComponent();
    hosted.setMailvet(Mailvet.builder().dnsServers(List.of(DNS.hostPort()))
        .hosted(Hosted.builder().mode(Hosted.Mode.HOSTED_FIRST).backoff(Duration.ofMillis(10))
            .provider(Providers.builder("apiddress").apiKey("ak_live_test")
                .baseUrl("http://127.0.0.1:" + API.getPort()).build()).build()).build());
    context.addComponent("mailvet-hosted", hosted);
    MailvetComponent listed = new MailvetComponent();
    listed.setMailvet(Mailvet.builder().dnsServers(List.of(DNS.hostPort()))
        .knowledgeBase(io.github.mailvet.knowledge.KnowledgeBase.builder()
            .denyDomains(List.of("rival-widgets.com")).build()).build());
    context.addComponent("mailvet-listed", listed);
    return context;
  }

  @Override
  protected RouteBuilder createRouteBuilder() {
    return new RouteBuilder() {
      @Override
      public void configure() {
        from("direct:enrich").to("mailvet:verify?output=ENRICH").to("mock:enriched");
        from("direct:header").to("mailvet:verify?emailHeader=contact").to("mock:header");
        from("direct:filter").to("mailvet:verify")
            .filter(header(MailvetConstants.DECISION).isEqualTo("accept")).to("mock:accepted");
        from("direct:choice").to("mailvet:verify?profile=signup").choice()
            .when(header(MailvetConstants.DECISION).isEqualTo("accept")).to("mock:accept")
            .when(header(MailvetConstants.DECISION).isEqualTo("review")).to("mock:review")
            .otherwise().to("mock:reject");
        from("direct:csv").split(body().tokenize("\n")).streaming()
            .process(e -> e.getMessage().setBody(row(e.getMessage().getBody(String.class))))
            .to("mailvet:verify?output=ENRICH&smtp=false")
            .to("mock:csv");
        from("direct:batch")
            .aggregate(constant(true), AggregationStrategies.groupedBody())
            .completionSize(25).completionTimeout(2000)
            .to("mailvet:verify?batch=true&output=RESULT").to("mock:batches");
        from("direct:smtp").to("mailvet-smtp:verify?output=RESULT").to("mock:smtp");
        from("direct:pojo").errorHandler(deadLetterChannel("mock:dead"))
            .to("mailvet:verify?emailField=address").to("mock:pojo");
        from("direct:hosted").to("mailvet-hosted:verify?output=ENRICH&smtp=false")
            .to("mock:hosted");
        from("direct:listed-offline").to("mailvet-listed:verify?offline=true&output=RESULT")
            .to("mock:listed");
        from("direct:budget").to("mailvet-slow:verify?timeout=50&onUnknown=reject")
            .to("mock:budget");
      }
    };
  }

  static Map<String, Object> row(String line) throws IOException {
    CSVRecord r = CSVFormat.DEFAULT.builder().get().parse(new StringReader(line)).getRecords()
        .get(0);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.get(0));
    m.put("email", r.get(1));
    m.put("company", r.get(2));
    return m;
  }

  @Test
  void enrichAddsFlatFieldsToAMapBody() throws Exception {
    MockEndpoint out = getMockEndpoint("mock:enriched");
    out.expectedMessageCount(1);
    template.sendBody("direct:enrich", Map.of("email", "ada@gmial.com", "name", "Ada"));
    out.assertIsSatisfied();
    @SuppressWarnings("unchecked")
    Map<String, Object> body = out.getExchanges().get(0).getMessage().getBody(Map.class);
    assertThat(body).containsEntry("name", "Ada").containsEntry("mailvet_status", "risky")
        .containsEntry("mailvet_suggestion", "ada@gmail.com")
        .containsEntry("mailvet_decision", "review").containsEntry("mailvet_source", "local");
  }

  @Test
  void headersFromAHeaderAddress() throws Exception {
    MockEndpoint out = getMockEndpoint("mock:header");
    out.expectedMessageCount(1);
    template.sendBodyAndHeader("direct:header", "body is not the address", "contact",
        "x@mailinator.com");
    out.assertIsSatisfied();
    Exchange e = out.getExchanges().get(0);
    assertThat(e.getMessage().getHeader(MailvetConstants.STATUS)).isEqualTo("disposable");
    assertThat(e.getMessage().getHeader(MailvetConstants.DECISION)).isEqualTo("reject");
    assertThat(e.getMessage().getHeader(MailvetConstants.REASON))
        .isEqualTo("disposable_provider");
    assertThat(e.getMessage().getBody()).isEqualTo("body is not the address");
  }

  @Test
  void filterAndChoiceRouteOnTheDecision() throws Exception {
    getMockEndpoint("mock:accepted").expectedBodiesReceived("ada@acme.com");
    for (String s : List.of("ada@acme.com", "x@mailinator.com", "nope", "ada@gmial.com")) {
      template.sendBody("direct:filter", s);
    }
    getMockEndpoint("mock:accepted").assertIsSatisfied();

    getMockEndpoint("mock:accept").expectedBodiesReceived("grace@acme.com");
    getMockEndpoint("mock:review").expectedBodiesReceived("grace@gmial.com");
    getMockEndpoint("mock:reject").expectedBodiesReceivedInAnyOrder("x@mailinator.com",
        "not an address");
    for (String s : List.of("grace@acme.com", "grace@gmial.com", "x@mailinator.com",
        "not an address")) {
      template.sendBody("direct:choice", s);
    }
    MockEndpoint.assertIsSatisfied(context);
  }

  @Test
  void aStreamingSplitOfALargeCsvAccountsForEveryRow() throws Exception {
    int rows = 3_000;
    String csv = IntStream.range(0, rows).mapToObj(i -> i + ","
        + (i % 10 == 0 ? "broken" + i : i % 7 == 0 ? "lead" + i + "@mailinator.com"
            : "lead" + i + "@acme.com") + ",\"Acme, Inc.\"")
        .collect(Collectors.joining("\n"));
    MockEndpoint out = getMockEndpoint("mock:csv");
    out.expectedMessageCount(rows);
    template.sendBody("direct:csv", csv);
    out.assertIsSatisfied(20_000);
    List<Map<?, ?>> all = new ArrayList<>();
    out.getExchanges().forEach(e -> all.add(e.getMessage().getBody(Map.class)));
    assertThat(all).hasSize(rows);
    Map<Object, Long> byDecision = all.stream().collect(Collectors.groupingBy(
        m -> (Object) m.get("mailvet_decision"), Collectors.counting()));
    assertThat(byDecision.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(rows);
    assertThat(byDecision.get("reject")).isEqualTo(300 + 386); // malformed + disposable
    assertThat(all).anySatisfy(m -> {
      assertThat(m.get("id")).isEqualTo("1");
      assertThat(m.get("company")).isEqualTo("Acme, Inc.");
      assertThat(m.get("mailvet_status")).isEqualTo("valid");
    });
  }

  @Test
  void batchesGoThroughTheBulkPathInOrder() throws Exception {
    MockEndpoint out = getMockEndpoint("mock:batches");
    out.expectedMessageCount(2);
    List<String> in = IntStream.range(0, 50).mapToObj(i -> "user" + i + "@acme.com").toList();
    in.forEach(s -> template.sendBody("direct:batch", s));
    out.assertIsSatisfied();
    // the producer is asynchronous: batches may finish in any order, each keeps its own order
    List<List<String>> batches = new ArrayList<>();
    List<VerificationResult> results = new ArrayList<>();
    for (Exchange e : out.getExchanges()) {
      @SuppressWarnings("unchecked")
      List<VerificationResult> batch = e.getMessage().getBody(List.class);
      results.addAll(batch);
      batches.add(batch.stream().map(VerificationResult::email).toList());
    }
    assertThat(batches).containsExactlyInAnyOrder(in.subList(0, 25), in.subList(25, 50));
    assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.VALID));
  }

  @Test
  void theSmtpProbeRunsAgainstTheMailServer() throws Exception {
    MockEndpoint out = getMockEndpoint("mock:smtp");
    out.expectedMessageCount(2);
    template.sendBody("direct:smtp", "ada@smtp-acme.com");
    template.sendBody("direct:smtp", "nobody@smtp-acme.com");
    out.assertIsSatisfied();
    VerificationResult ada = out.getExchanges().get(0).getMessage()
        .getBody(VerificationResult.class);
    VerificationResult nobody = out.getExchanges().get(1).getMessage()
        .getBody(VerificationResult.class);
    assertThat(ada.checks().smtp()).isTrue();
    assertThat(nobody.reason()).isEqualTo(Reason.MAILBOX_NOT_FOUND);
  }

  record Lead(String name, String address) { }

  record NoAddress(String name) { }

  @Test
  void pojoBodiesAndTheErrorHandlerLoseNoExchange() throws Exception {
    getMockEndpoint("mock:pojo").expectedMessageCount(1);
    getMockEndpoint("mock:dead").expectedMessageCount(1);
    template.sendBody("direct:pojo", new Lead("Ada", "ada@acme.com"));
    template.sendBody("direct:pojo", new NoAddress("Bob"));
    MockEndpoint.assertIsSatisfied(context);
    assertThat(getMockEndpoint("mock:pojo").getExchanges().get(0).getMessage()
        .getHeader(MailvetConstants.STATUS)).isEqualTo("valid");
    assertThat(getMockEndpoint("mock:dead").getExchanges().get(0)
        .getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))
        .hasMessageContaining("no property 'address'");
  }

  @Test
  void aFailingProviderStillGivesEveryRowOneResult() throws Exception {
    API.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(500)));
    MockEndpoint out = getMockEndpoint("mock:hosted");
    out.expectedMessageCount(20);
    for (int i = 0; i < 20; i++) {
      template.sendBody("direct:hosted", Map.of("email", i % 2 == 0 ? "u" + i + "@acme.com"
          : "u" + i + "@broken-dns.com"));
    }
    out.assertIsSatisfied(20_000);
    List<Map<?, ?>> bodies = new ArrayList<>();
    out.getExchanges().forEach(e -> bodies.add(e.getMessage().getBody(Map.class)));
    assertThat(bodies).allSatisfy(m -> assertThat(m.get("mailvet_source")).isEqualTo("local"));
    assertThat(bodies.stream().filter(m -> "provider_error".equals(m.get("mailvet_reason"))))
        .as("local DNS failed too for these").hasSize(10);
    assertThat(bodies.stream().filter(m -> "valid".equals(m.get("mailvet_status")))).hasSize(10);
  }

  @Test
  void theTimeBudgetMakesALateResultUnknown() throws Exception {
    MockEndpoint out = getMockEndpoint("mock:budget");
    out.expectedHeaderReceived(MailvetConstants.STATUS, "unknown");
    out.expectedHeaderReceived(MailvetConstants.DECISION, "reject");
    template.sendBody("direct:budget", "ada@slow-budget.com");
    out.assertIsSatisfied();
  }

  @Test
  void theRouteThreadIsNotParkedOnDns() throws Exception {
    AsyncProducer producer = context.getEndpoint("mailvet-slow:verify")
        .createAsyncProducer();
    producer.start();
    Exchange exchange = new DefaultExchange(context);
    exchange.getMessage().setBody("grace@slow.com");
    CountDownLatch done = new CountDownLatch(1);
    boolean sync = producer.process(exchange, doneSync -> done.countDown());
    assertThat(sync).as("handed over, not completed on the calling thread").isFalse();
    assertThat(exchange.getMessage().getHeader(MailvetConstants.STATUS)).isNull();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(exchange.getMessage().getHeader(MailvetConstants.STATUS)).isEqualTo("valid");
    producer.stop();
  }

  @Test
  void anEndpointWithItsOwnEngineKeepsTheApplicationsLists() throws Exception {
    MockEndpoint out = getMockEndpoint("mock:listed");
    out.expectedMessageCount(1);
    template.sendBody("direct:listed-offline", "ada@rival-widgets.com");
    out.assertIsSatisfied();
    VerificationResult r = out.getExchanges().get(0).getMessage()
        .getBody(VerificationResult.class);
    assertThat(r.status()).isEqualTo(Status.DISPOSABLE);
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.data()).containsEntry("list", "user"));
  }

  @Test
  void enumOptionsBindInTheFormsPeopleWriteAndABadOneFailsWhenTheEndpointIsCreated() {
    MailvetEndpoint e = context.getEndpoint(
        "mailvet:verify?mode=hosted-first&onUnknown=reject", MailvetEndpoint.class);
    assertThat(e.getMode()).isEqualTo(Hosted.Mode.HOSTED_FIRST);
    assertThat(e.getOnUnknown()).isEqualTo(io.github.mailvet.Decision.REJECT);
    assertThat(context.getEndpoint("mailvet:verify?mode=ESCALATE", MailvetEndpoint.class)
        .getMode()).isEqualTo(Hosted.Mode.ESCALATE);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> context.getEndpoint("mailvet:verify?onUnknown=maybe"))
        .hasStackTraceContaining("onUnknown").hasStackTraceContaining("maybe");
  }
}
