package io.github.mailvet;

import io.github.mailvet.address.AddressParser;
import io.github.mailvet.address.EmailAddress;
import io.github.mailvet.address.ParseFailure;
import io.github.mailvet.address.ParseResult;
import io.github.mailvet.dns.DomainResolver;
import io.github.mailvet.dns.MailRoute;
import io.github.mailvet.dns.MxHost;
import io.github.mailvet.internal.Futures;
import io.github.mailvet.smtp.ProbeResult;
import io.github.mailvet.smtp.SmtpProber;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The local pipeline, one stage after the other: {@code parse} ({@link AddressParser}) ->
 * {@code classify} ({@link Classifier}) -> {@code resolve} ({@link DomainResolver}) ->
 * {@code probe} ({@link SmtpProber}) -> {@code score} ({@link Scorer}) -> {@code decide}
 * ({@link Profile}). Each stage adds signals and evidence to one {@link Signals}; a later stage
 * runs only when it can change the answer.
 */
final class LocalPipeline {

  /** Inputs longer than this are echoed shortened in {@link VerificationResult#email()}. */
  private static final int MAX_ECHO = 320;
  private static final System.Logger LOG = System.getLogger(LocalPipeline.class.getName());

  private final AddressParser parser;
  private final Classifier classifier;
  private final @Nullable DomainResolver resolver;
  private final @Nullable SmtpProber prober;
  private final Clock clock;

  LocalPipeline(AddressParser parser, Classifier classifier, @Nullable DomainResolver resolver,
      @Nullable SmtpProber prober, Clock clock) {
    this.parser = parser;
    this.classifier = classifier;
    this.resolver = resolver;
    this.prober = prober;
    this.clock = clock;
  }

  /**
   * Runs the stages for one address: always parse, classify and score; resolve and probe when
   * {@code network} (and the probe only when {@code smtpAllowed}); decide when a profile is given.
   * Never completes exceptionally: a failure of ours becomes an unknown result.
   */
  CompletableFuture<VerificationResult> run(@Nullable String email,
      @Nullable Profile p, boolean network, boolean smtpAllowed) {
    long start = System.nanoTime();
    String raw = email == null ? "" : email;
    String input = raw.strip();
    Signals s = new Signals(input);
    if (!input.equals(raw) && !input.isEmpty()) {
      s.context.add(Evidence.of("parse", "trimmed",
          "surrounding white space was removed before parsing", 0));
    }
    ParseResult parsed = parser.parse(input);
    String dnsDomain = null;
    if (parsed instanceof ParseFailure f) {
      s.syntaxError = f;
      classifier.suggestForBrokenDomain(input, s);
    } else {
      EmailAddress a = (EmailAddress) parsed;
      s.address = a;
      dnsDomain = classifier.classify(a, s);
    }
    if (dnsDomain == null || resolver == null || !network) {
      return CompletableFuture.completedFuture(finish(raw, s, p, start));
    }
    String domain = dnsDomain;
    return resolver.resolve(domain).thenCompose(route -> {
      // (network stages; a failure of ours below becomes an unknown result, never an exception)
      applyRoute(route, s);
      EmailAddress a = s.address;
      boolean deliverable = route.outcome() == MailRoute.Outcome.MX
          || route.outcome() == MailRoute.Outcome.IMPLICIT_MX;
      if (prober == null || !smtpAllowed || a == null || !deliverable
          || s.disposableEntry != null) {
        if (prober != null && deliverable && s.disposableEntry != null) {
          s.context.add(Evidence.of("probe", "smtp_skipped",
              "SMTP was not asked: a disposable domain", 0));
        }
        return CompletableFuture.completedFuture(finish(raw, s, p, start));
      }
      return prober.probe(domain, route.mxHosts(), a.localPart() + "@" + domain, a.smtpUtf8())
          .thenApply(probe -> {
            applyProbe(probe, s);
            return finish(raw, s, p, start);
          });
    }).exceptionally(t -> {
      Throwable c = Futures.unwrap(t);
      // a bug of ours: the caller gets an unknown result, the log gets the whole story
      LOG.log(System.Logger.Level.WARNING, "an internal error became an unknown result", c);
      if (s.dns == null) {
        s.dns = MailRoute.Outcome.ERROR;
      } else {
        s.smtp = ProbeResult.Verdict.UNREACHABLE;
      }
      s.networkDetails.put("error", c.getClass().getSimpleName());
      return finish(raw, s, p, start);
    });
  }

  private static void applyProbe(ProbeResult r, Signals s) {
    s.smtp = r.verdict();
    if (r.code() > 0) {
      s.networkDetails.put("smtp_code", Integer.toString(r.code()));
    }
    if (!r.enhancedCode().isEmpty()) {
      s.networkDetails.put("enhanced_code", r.enhancedCode());
    }
    if (!r.text().isEmpty()) {
      s.networkDetails.put("smtp_text", r.text());
    }
    if (!r.mxHost().isEmpty()) {
      s.networkDetails.put("mx_host", r.mxHost());
    }
    s.networkDetails.put("smtp", r.detail());
  }

  private VerificationResult finish(String raw, Signals s, @Nullable Profile p, long start) {
    Scorer.Scored scored = Scorer.score(s);
    long millis = (System.nanoTime() - start) / 1_000_000;
    EmailAddress a = s.address;
    VerificationResult r = VerificationResult.builder(echo(raw), scored.status(),
            scored.reason(), scored.checks(), "local")
        .normalizedEmail(a == null ? null : a.normalized().toLowerCase(java.util.Locale.ROOT))
        .score(scored.score()).suggestion(s.suggestion).provider(s.provider)
        .mxRecords(s.mxRecords).verifiedAt(Instant.now(clock)).durationMs(millis)
        .evidence(scored.evidence()).build();
    return p == null ? r : p.decide(r);
  }

  private static void applyRoute(MailRoute route, Signals s) {
    s.dns = route.outcome();
    List<String> hosts = new ArrayList<>();
    for (MxHost h : route.mxHosts()) {
      hosts.add(h.host());
    }
    s.mxRecords = hosts;
    if (route.provider() != null) {
      s.provider = route.provider();
    }
    s.networkDetails.put("rcode", route.rcode());
    s.networkDetails.put("dns", route.detail());
  }

  private static String echo(String raw) {
    if (raw.length() <= MAX_ECHO) {
      return raw;
    }
    return raw.substring(0, 64) + "... (" + raw.length() + " characters)";
  }
}
