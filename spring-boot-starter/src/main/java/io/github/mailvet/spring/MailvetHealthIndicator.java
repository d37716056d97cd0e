package io.github.mailvet.spring;

import io.github.mailvet.dns.ResolverHealth;
import io.github.mailvet.Mailvet;
import io.github.mailvet.hosted.ProviderUsage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when DNS does not answer (a SERVFAIL or timeout for the probe domain; an offline engine
 * skips this), when the resolver lies (it denies names that must exist or invents answers; detail
 * {@code dns: untrusted} with the reason in {@code dnsDetail}) or when a hosted provider refused its key; UP otherwise, with each provider's state
 * and remaining quota in the details (a provider out of quota is suspended and routed around, so
 * it does not make the application DOWN). Spends no credits.
 */
public final class MailvetHealthIndicator extends AbstractHealthIndicator {

  private final Mailvet mailvet;
  private final String probeDomain;
  private final Duration timeout;

  /** A health indicator for this engine. */
  public MailvetHealthIndicator(Mailvet mailvet, String probeDomain, Duration timeout) {
    super("mailvet health check failed");
    this.mailvet = mailvet;
    this.probeDomain = probeDomain;
    this.timeout = timeout;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    boolean down = false;
    if (mailvet.isOffline()) {
      builder.withDetail("dns", "offline");
    } else {
      ResolverHealth h;
      try {
        h = mailvet.resolverHealth().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        h = null;
      }
      if (h != null && !h.trusted() && h.state() != ResolverHealth.State.UNREACHABLE) {
        // answers come, but they lie: DNS-derived verdicts are unknown until it is fixed
        builder.withDetail("dns", "untrusted").withDetail("dnsDetail", h.detail());
        down = true;
      } else {
        boolean ok;
        try {
          ok = h != null && h.state() != ResolverHealth.State.UNREACHABLE && mailvet
              .dnsReachable(probeDomain).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          ok = false;
        }
        builder.withDetail("dns", ok ? "reachable" : "unreachable");
        down = !ok;
      }
    }
    Map<String, Object> providers = new LinkedHashMap<>();
    for (ProviderUsage u : mailvet.usage()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("state", u.state());
      if (u.remaining() != null) {
        d.put("remaining", u.remaining());
      }
      if (u.suspendedUntil() != null) {
        d.put("suspendedUntil", u.suspendedUntil().toString());
      }
      d.put("errors", u.errors());
      providers.put(u.provider(), d);
      down |= "unusable".equals(u.state());
    }
    if (!providers.isEmpty()) {
      builder.withDetail("providers", providers);
    }
    if (down) {
      builder.down();
    } else {
      builder.up();
    }
  }
}
