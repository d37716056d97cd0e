package io.github.mailvet.spring;

import io.github.mailvet.Mailvet;
import io.github.mailvet.VerificationListener;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.hosted.ProviderUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters: {@code mailvet.verifications} (by status, source, decision),
 * {@code mailvet.verification.duration} (by source), {@code mailvet.cache.hits},
 * {@code mailvet.dns.untrusted} and {@code mailvet.dns.trusted} (canary checks), and per hosted
 * provider {@code mailvet.provider.requests}, {@code .credits}, {@code .errors} and
 * {@code .remaining} (this month's ledger).
 */
public final class MailvetMetrics implements MeterBinder, VerificationListener {

  private final Mailvet mailvet;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /** Meters for this engine. */
  public MailvetMetrics(Mailvet mailvet) {
    this.mailvet = mailvet;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    FunctionCounter.builder("mailvet.dns.untrusted", mailvet, Mailvet::untrustedDnsAnswers)
        .description("DNS answers not taken as evidence because the resolver lies")
        .register(registry);
    Gauge.builder("mailvet.dns.trusted", mailvet, m -> {
      io.github.mailvet.dns.ResolverHealth h = m.resolverHealth().getNow(null);
      return h == null ? Double.NaN : h.trusted() ? 1 : 0;
    }).description("1 while the resolver's answers are evidence, 0 while it lies or fails")
        .register(registry);
    for (ProviderUsage u : mailvet.usage()) {
      String id = u.provider();
      provider(registry, id, "mailvet.provider.requests", "HTTP requests sent to the provider",
          x -> x.requests());
      provider(registry, id, "mailvet.provider.credits", "credits spent at the provider",
          x -> x.credits());
      provider(registry, id, "mailvet.provider.errors", "failed requests to the provider",
          x -> x.errors().values().stream().mapToLong(Long::longValue).sum());
      Gauge.builder("mailvet.provider.remaining", mailvet, m -> remaining(m, id))
          .description("the provider's remaining quota as last seen (NaN when unknown)")
          .tag("provider", id).register(registry);
    }
  }

  private void provider(MeterRegistry registry, String id, String name, String description,
      ToDoubleFunction<ProviderUsage> f) {
    FunctionCounter.builder(name, mailvet, m -> {
      for (ProviderUsage u : m.usage()) {
        if (u.provider().equals(id)) {
          return f.applyAsDouble(u);
        }
      }
      return 0;
    }).description(description).tag("provider", id).register(registry);
  }

  private static double remaining(Mailvet m, String id) {
    for (ProviderUsage u : m.usage()) {
      if (u.provider().equals(id) && u.remaining() != null) {
        return u.remaining();
      }
    }
    return Double.NaN;
  }

  @Override
  public void onResult(VerificationResult r) {
    for (MeterRegistry registry : registries) {
      Counter.builder("mailvet.verifications").description("verifications finished")
          .tag("status", r.status().wireName()).tag("source", r.source())
          .tag("decision", r.decision() == null ? "none" : r.decision().name()
              .toLowerCase(java.util.Locale.ROOT))
          .register(registry).increment();
      Timer.builder("mailvet.verification.duration").description("time to a result")
          .tag("source", r.source()).register(registry)
          .record(Duration.ofMillis(r.durationMs()));
      if (r.fromCache()) {
        Counter.builder("mailvet.cache.hits").description("answers reused from the cache")
            .register(registry).increment();
      }
    }
  }
}
