package io.github.mailvet.benchmarks;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The signup path: one {@code verify} at a time in a warm application, as a signup form calls
 * it, with p50 and p99 latency: the offline stages; with DNS answers cached and not cached (the
 * loopback DNS fixture delaying each answer like a recursive resolver that has to ask); and with
 * the SMTP probe (the loopback SMTP fixture delaying each reply like a mail server across the
 * internet), for a domain seen before and a new one (catch-all test included).
 *
 * <pre>{@code
 * ./mvnw -B -q package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.mailvet.benchmarks.SignupLatencyHarness
 * }</pre>
 *
 * Options (system properties): {@code dnsDelayMs} per uncached answer (30), {@code smtpDelayMs}
 * per reply (30), {@code samples} per row (400; 100 for the SMTP rows), {@code warmups} (2,000).
 */
public final class SignupLatencyHarness {

  private SignupLatencyHarness() {
  }

  public static void main(String[] args) throws Exception {
    int dnsDelay = Integer.getInteger("dnsDelayMs", 30);
    int smtpDelay = Integer.getInteger("smtpDelayMs", 30);
    int samples = Integer.getInteger("samples", 400);
    int warmups = Integer.getInteger("warmups", 2_000);
    int smtpSamples = Math.max(20, samples / 4);
    int domains = warmups + 2 * samples + 2 * smtpSamples + 10;
    DnsTestServer.Builder dnsb = DnsTestServer.builder().delay(Duration.ofMillis(dnsDelay))
        .wellKnownProviders(false);
    SmtpTestServer.Builder smtpb = SmtpTestServer.builder()
        .replyDelay(Duration.ofMillis(smtpDelay)).bannerDelay(Duration.ofMillis(smtpDelay));
    for (int d = 0; d < domains; d++) {
      String domain = "s" + d + "-signup.com";
      dnsb.mx(domain, 10, "mx." + domain).a("mx." + domain, "127.0.0.1");
      smtpb.mailboxes(domain, "ada");
    }
    System.out.printf(Locale.ROOT, "JDK %s, %d CPUs; DNS %d ms per uncached answer, SMTP %d ms"
            + " per reply (and for the banner); %d samples (%d with SMTP), %d warm-ups%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        dnsDelay, smtpDelay, samples, smtpSamples, warmups);
    System.out.println();
    System.out.println("| one verify, warm application | p50 ms | p99 ms | max ms | status |");
    System.out.println("|---|---|---|---|---|");
    try (DnsTestServer dns = dnsb.start(); SmtpTestServer smtp = smtpb.start();
        Mailvet offline = Mailvet.builder().offline(true).build();
        Mailvet online = Mailvet.builder().dnsServers(List.of(dns.hostPort())).build();
        Mailvet probing = Mailvet.builder().dnsServers(List.of(dns.hostPort())).smtp(true)
            .smtpPort(smtp.port()).allowPrivateMx(true).heloName("signup.mailvet-tests.com")
            .build()) {
      int[] next = {0};
      // warm-ups: the JIT, the datasets, the resolver and the prober on their paths
      for (int i = 0; i < warmups; i++) {
        offline.verify("ada" + i + "@gmail.com");
        online.verify("ada@s" + (next[0]++) + "-signup.com");
      }
      for (int i = 0; i < 50; i++) {
        probing.verify("ada@s" + (next[0]++) + "-signup.com");
      }
      row("offline stages (syntax, datasets, typo)", samples,
          i -> offline.verify("ada" + i + "@gmial.com"));
      online.verify("ada@s0-signup.com");
      row("DNS, answer cached", samples, i -> online.verify("u" + i + "@s0-signup.com"));
      row("DNS, not cached", samples,
          i -> online.verify("ada@s" + (next[0]++) + "-signup.com"));
      int seen = next[0]++;
      probing.verify("ada@s" + seen + "-signup.com");
      row("SMTP probe, domain seen before (DNS and catch-all cached)", smtpSamples,
          i -> probing.verify((i % 2 == 0 ? "ada" : "gone" + i) + "@s" + seen + "-signup.com"));
      row("SMTP probe, new domain (DNS, session, catch-all test)", smtpSamples,
          i -> probing.verify("ada@s" + (next[0]++) + "-signup.com"));
    }
    System.out.println();
    System.out.println("Hosted services, as their documents state: KillBounce about 150 ms for"
        + " cached results and 1 to 3 s for fresh probes; CheckDisposable p50 47 ms; Mailerio"
        + " under a second. Each adds the network round trip to the service.");
  }

  private static void row(String what, int n, IntFunction<VerificationResult> call) {
    long[] nanos = new long[n];
    java.util.Map<Status, Integer> statuses = new java.util.TreeMap<>();
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      VerificationResult r = call.apply(i);
      nanos[i] = System.nanoTime() - t;
      statuses.merge(r.status(), 1, Integer::sum);
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %s |%n", what,
        nanos[n / 2] / 1e6, nanos[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6,
        nanos[n - 1] / 1e6, statuses);
  }
}
