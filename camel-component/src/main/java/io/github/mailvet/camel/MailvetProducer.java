package io.github.mailvet.camel;

import io.github.mailvet.Checks;
import io.github.mailvet.Decision;
import io.github.mailvet.Evidence;
import io.github.mailvet.Profile;
import io.github.mailvet.Reason;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;
import org.jspecify.annotations.Nullable;

/**
 * Verifies on the engine's asynchronous API: the route thread hands the exchange over and is
 * free; DNS, SMTP or the hosted provider completes it.
 */
final class MailvetProducer extends DefaultAsyncProducer {

  private final MailvetEndpoint endpoint;
  private final @Nullable Profile profile;
  private final @Nullable Decision onUnknown;

  MailvetProducer(MailvetEndpoint endpoint) {
    super(endpoint);
    this.endpoint = endpoint;
    this.profile = endpoint.resolvedProfile();
    this.onUnknown = endpoint.getOnUnknown();
  }

  @Override
  public boolean process(Exchange exchange, AsyncCallback callback) {
    CompletableFuture<?> work;
    try {
      work = endpoint.isBatch() ? batch(exchange) : single(exchange);
    } catch (RuntimeException e) {
      exchange.setException(e);
      callback.done(true);
      return true;
    }
    if (work.isDone()) {
      finish(exchange, work);
      callback.done(true);
      return true;
    }
    work.whenComplete((v, t) -> {
      finish(exchange, work);
      callback.done(false);
    });
    return false;
  }

  private static void finish(Exchange exchange, CompletableFuture<?> work) {
    try {
      work.join();
    } catch (RuntimeException e) {
      exchange.setException(e.getCause() != null ? e.getCause() : e);
    }
  }

  private CompletableFuture<Void> single(Exchange exchange) {
    Message in = exchange.getMessage();
    String email = endpoint.getEmailHeader() != null
        ? in.getHeader(endpoint.getEmailHeader(), String.class)
        : email(in.getBody());
    return verify(email).thenAccept(r -> {
      headers(in, r, email);
      switch (endpoint.getOutput()) {
        case ENRICH -> in.setBody(enrich(in.getBody(), r));
        case RESULT -> in.setBody(r);
        case HEADERS -> { }
      }
    });
  }

  private CompletableFuture<Void> batch(Exchange exchange) {
    Message in = exchange.getMessage();
    List<Object> items = items(in.getBody());
    List<CompletableFuture<VerificationResult>> futures = new ArrayList<>(items.size());
    for (Object item : items) {
      futures.add(verify(email(item)));
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenRun(() -> {
      List<VerificationResult> results = new ArrayList<>(items.size());
      futures.forEach(f -> results.add(f.join()));
      in.setHeader(MailvetConstants.RESULT, results);
      switch (endpoint.getOutput()) {
        case ENRICH -> {
          List<Object> out = new ArrayList<>(items.size());
          for (int i = 0; i < items.size(); i++) {
            out.add(enrich(items.get(i), results.get(i)));
          }
          in.setBody(out);
        }
        case RESULT -> in.setBody(results);
        case HEADERS -> { }
      }
    });
  }

  private CompletableFuture<VerificationResult> verify(@Nullable String email) {
    String e = email == null ? "" : email;
    CompletableFuture<VerificationResult> f = endpoint.engine().verifyAsync(e, profile,
        endpoint.isSmtp());
    if (endpoint.getTimeout() > 0) {
      f = f.completeOnTimeout(timedOut(e), endpoint.getTimeout(), TimeUnit.MILLISECONDS);
    }
    return f;
  }

  private VerificationResult timedOut(String email) {
    VerificationResult r = VerificationResult.builder(email, Status.UNKNOWN,
            Reason.TEMPORARILY_UNAVAILABLE, Checks.NONE, "local")
        .score(0.5).durationMs(endpoint.getTimeout())
        .evidence(List.of(Evidence.of("camel", "time_budget", "no result within "
            + endpoint.getTimeout() + " ms: counted as unknown", 0))).build();
    return profile == null ? r : profile.decide(r);
  }

  private static List<Object> items(@Nullable Object body) {
    if (body instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    if (body instanceof Object[] a) {
      return new ArrayList<>(List.of(a));
    }
    if (body instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(out::add);
      return out;
    }
    throw new IllegalArgumentException("mailvet: batch=true needs a list body, got "
        + (body == null ? "null" : body.getClass().getName()));
  }

  /** The address in an item: a string, a Map field, a List index, or a bean property. */
  @Nullable String email(@Nullable Object item) {
    String field = endpoint.getEmailField();
    if (item == null) {
      return null;
    }
    if (item instanceof CharSequence s) {
      return s.toString();
    }
    if (item instanceof Map<?, ?> m) {
      Object v = m.get(field);
      return v == null ? null : v.toString();
    }
    if (item instanceof List<?> l) {
      try {
        int i = Integer.parseInt(field);
        return i >= 0 && i < l.size() && l.get(i) != null ? l.get(i).toString() : null;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("mailvet: a List body needs emailField to be an"
            + " index, got '" + field + "'", e);
      }
    }
    Object v = property(item, field);
    return v == null ? null : v.toString();
  }

  /**
   * A property of a POJO through Camel's own bean introspection (getters, as in every other Camel
   * component), or a record component through its accessor.
   */
  private @Nullable Object property(Object bean, String name) {
    if (bean instanceof Record) {
      for (RecordComponent c : bean.getClass().getRecordComponents()) {
        if (c.getName().equals(name)) {
          try {
            return c.getAccessor().invoke(bean);
          } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("mailvet: cannot read " + name + " of "
                + bean.getClass().getName(), e);
          }
        }
      }
    } else {
      Object missing = MISSING;
      Object v = PluginHelper.getBeanIntrospection(getEndpoint().getCamelContext())
          .getOrElseProperty(bean, name, missing, false);
      if (v != missing) {
        return v;
      }
    }
    throw new IllegalArgumentException("mailvet: " + bean.getClass().getName()
        + " has no property '" + name + "' (set emailField or emailHeader)");
  }

  private static final Object MISSING = new Object();

  private Decision decide(VerificationResult r) {
    if (r.status() == Status.UNKNOWN && onUnknown != null) {
      return onUnknown;
    }
    if (r.decision() != null) {
      return r.decision();
    }
    return switch (r.status()) {
      case VALID -> Decision.ACCEPT;
      case RISKY, UNKNOWN -> Decision.REVIEW;
      case INVALID, DISPOSABLE -> Decision.REJECT;
    };
  }

  private void headers(Message in, VerificationResult r, @Nullable String email) {
    in.setHeader(MailvetConstants.EMAIL, email);
    in.setHeader(MailvetConstants.STATUS, r.status().wireName());
    in.setHeader(MailvetConstants.SCORE, r.score());
    in.setHeader(MailvetConstants.REASON, r.reason().wireName());
    in.setHeader(MailvetConstants.SUGGESTION, r.suggestion());
    in.setHeader(MailvetConstants.DECISION, decide(r).name().toLowerCase(Locale.ROOT));
    in.setHeader(MailvetConstants.RULE, r.rule());
    in.setHeader(MailvetConstants.NORMALIZED_EMAIL, r.normalizedEmail());
    in.setHeader(MailvetConstants.SOURCE, r.source());
    in.setHeader(MailvetConstants.FROM_CACHE, r.fromCache());
    in.setHeader(MailvetConstants.RESULT, r);
  }

  /** The result's flat fields, in the order they are added to enriched bodies. */
  Map<String, Object> fields(VerificationResult r) {
    String p = endpoint.getFieldPrefix();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(p + "status", r.status().wireName());
    m.put(p + "score", r.score());
    m.put(p + "reason", r.reason().wireName());
    m.put(p + "suggestion", r.suggestion() == null ? "" : r.suggestion());
    m.put(p + "decision", decide(r).name().toLowerCase(Locale.ROOT));
    m.put(p + "rule", r.rule() == null ? "" : r.rule());
    m.put(p + "normalized_email", r.normalizedEmail() == null ? "" : r.normalizedEmail());
    m.put(p + "source", r.source());
    m.put(p + "from_cache", r.fromCache());
    return m;
  }

  private Object enrich(@Nullable Object item, VerificationResult r) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (item instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
    } else if (item instanceof CharSequence s) {
      out.put(endpoint.getEmailField(), s.toString());
    } else {
      throw new IllegalArgumentException("mailvet: output=ENRICH needs a Map or String body,"
          + " got " + (item == null ? "null" : item.getClass().getName())
          + " (use output=HEADERS or RESULT)");
    }
    out.putAll(fields(r));
    return out;
  }
}
