package io.github.mailvet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A named policy that turns a {@link VerificationResult} into a {@link Decision}: the first rule
 * that applies decides, and the result records its name.
 *
 * <p>Built-in profiles:
 * <table>
 *   <caption>built-in profiles</caption>
 *   <tr><th>name</th><th>for</th><th>rejects</th><th>reviews</th><th>unknown</th></tr>
 *   <tr><td>default</td><td>general use</td><td>invalid, disposable</td>
 *       <td>typo, risky</td><td>review</td></tr>
 *   <tr><td>signup</td><td>account sign-up</td><td>invalid, disposable, score &lt; 0.3</td>
 *       <td>typo</td><td>accept (fail open)</td></tr>
 *   <tr><td>b2b</td><td>business leads</td><td>invalid, disposable, free providers</td>
 *       <td>typo, role, risky</td><td>review</td></tr>
 *   <tr><td>newsletter</td><td>marketing lists</td><td>invalid, disposable</td>
 *       <td>typo</td><td>accept</td></tr>
 * </table>
 *
 * <pre>{@code
 * Profile crm = Profile.builder("crm")
 *     .rejectDisposable(true).rejectFree(true).reviewRole(true)
 *     .minScore(0.4, Decision.REVIEW)
 *     .onUnknown(Decision.REVIEW)
 *     .denyDomains(List.of("rival.example"))
 *     .build();
 * }</pre>
 */
public final class Profile {

  private static final Map<String, Profile> BUILT_IN = Map.of(
      "default", builder("default").rejectDisposable(true).reviewTypo(true).reviewRisky(true)
          .onUnknown(Decision.REVIEW).build(),
      "signup", builder("signup").rejectDisposable(true).reviewTypo(true)
          .minScore(0.3, Decision.REJECT).onUnknown(Decision.ACCEPT).build(),
      "b2b", builder("b2b").rejectDisposable(true).rejectFree(true).reviewTypo(true)
          .reviewRole(true).reviewRisky(true).onUnknown(Decision.REVIEW).build(),
      "newsletter", builder("newsletter").rejectDisposable(true).reviewTypo(true)
          .onUnknown(Decision.ACCEPT).build());

  private final String name;
  private final List<Rule> rules;

  private Profile(String name, List<Rule> rules) {
    this.name = name;
    this.rules = List.copyOf(rules);
  }

  /** A built-in profile: {@code default}, {@code signup}, {@code b2b} or {@code newsletter}. */
  public static Optional<Profile> builtIn(String name) {
    return Optional.ofNullable(BUILT_IN.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The names of the built-in profiles. */
  public static Set<String> builtInNames() {
    return new java.util.TreeSet<>(BUILT_IN.keySet());
  }

  /** A builder for a profile of your own. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The profile's name. */
  public String name() {
    return name;
  }

  /** The rules, in the order they are tried. */
  public List<Rule> rules() {
    return rules;
  }

  /** Applies the rules; the result carries the decision and the deciding rule's name. */
  public VerificationResult decide(VerificationResult result) {
    for (Rule r : rules) {
      Optional<Decision> d = r.apply(result);
      if (d.isPresent()) {
        return result.withDecision(d.get(), r.name());
      }
    }
    return result.withDecision(Decision.ACCEPT, "default_accept");
  }

  @Override
  public String toString() {
    return "Profile[" + name + ", rules=" + rules + "]";
  }

  /**
   * Builds a {@link Profile}. Rules are tried in this fixed order: allow/deny domains, your own
   * rules, invalid, disposable, free, role, typo, unknown, minimum score, risky, then accept.
   */
  public static final class Builder {
    private final String name;
    private final Set<String> allow = new LinkedHashSet<>();
    private final Set<String> deny = new LinkedHashSet<>();
    private final List<Rule> custom = new ArrayList<>();
    private boolean rejectDisposable;
    private boolean rejectFree;
    private boolean rejectRole;
    private boolean reviewRole;
    private boolean reviewTypo;
    private boolean reviewRisky;
    private double minScore = -1;
    private Decision belowMinScore = Decision.REJECT;
    private Decision onUnknown = Decision.REVIEW;

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a profile needs a name");
      }
      this.name = name;
    }

    /** Reject disposable addresses. */
    public Builder rejectDisposable(boolean value) {
      rejectDisposable = value;
      return this;
    }

    /** Reject free mailbox providers (gmail.com, ...). */
    public Builder rejectFree(boolean value) {
      rejectFree = value;
      return this;
    }

    /** Reject role accounts (info@, support@). */
    public Builder rejectRole(boolean value) {
      rejectRole = value;
      return this;
    }

    /** Review role accounts. */
    public Builder reviewRole(boolean value) {
      reviewRole = value;
      return this;
    }

    /** Review likely typos (the result carries the suggestion). */
    public Builder reviewTypo(boolean value) {
      reviewTypo = value;
      return this;
    }

    /** Review other risky results (catch-all, full mailbox). */
    public Builder reviewRisky(boolean value) {
      reviewRisky = value;
      return this;
    }

    /** Results scoring below {@code min} get {@code decision}. */
    public Builder minScore(double min, Decision decision) {
      if (!(min >= 0 && min <= 1)) {
        throw new IllegalArgumentException("minScore must be within 0..1: " + min);
      }
      this.minScore = min;
      this.belowMinScore = Objects.requireNonNull(decision, "decision");
      return this;
    }

    /** What an {@code unknown} status means: accept (fail open), review or reject. */
    public Builder onUnknown(Decision decision) {
      this.onUnknown = Objects.requireNonNull(decision, "decision");
      return this;
    }

    /** Domains (and their subdomains) that are always accepted unless invalid. */
    public Builder allowDomains(Collection<String> domains) {
      domains.forEach(d -> allow.add(domain(d)));
      return this;
    }

    /** Domains (and their subdomains) that are always rejected. */
    public Builder denyDomains(Collection<String> domains) {
      domains.forEach(d -> deny.add(domain(d)));
      return this;
    }

    /** Adds a rule of your own; it runs after the allow/deny lists and before the others. */
    public Builder rule(Rule rule) {
      custom.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Adds a rule of your own from a predicate. */
    public Builder rule(String ruleName, Predicate<VerificationResult> when, Decision decision) {
      return rule(Rule.of(ruleName, when, decision));
    }

    private static String domain(String d) {
      if (d == null || d.isBlank() || d.contains("@")) {
        throw new IllegalArgumentException("not a domain: '" + d + "'");
      }
      return d.strip().toLowerCase(Locale.ROOT);
    }

    /** The profile. */
    public Profile build() {
      List<Rule> rules = new ArrayList<>();
      Set<String> denied = Set.copyOf(deny);
      Set<String> allowed = Set.copyOf(allow);
      if (!denied.isEmpty()) {
        rules.add(Rule.of("deny_domain", r -> covered(r, denied), Decision.REJECT));
      }
      if (!allowed.isEmpty()) {
        rules.add(Rule.of("allow_domain",
            r -> r.status() != Status.INVALID && covered(r, allowed), Decision.ACCEPT));
      }
      rules.addAll(custom);
      rules.add(Rule.of("invalid", r -> r.status() == Status.INVALID, Decision.REJECT));
      if (rejectDisposable) {
        rules.add(Rule.of("disposable", r -> r.status() == Status.DISPOSABLE, Decision.REJECT));
      }
      if (rejectFree) {
        rules.add(Rule.of("free_provider",
            r -> Boolean.TRUE.equals(r.checks().freeProvider()), Decision.REJECT));
      }
      if (rejectRole || reviewRole) {
        rules.add(Rule.of("role_account", r -> Boolean.TRUE.equals(r.checks().roleBased()),
            rejectRole ? Decision.REJECT : Decision.REVIEW));
      }
      if (reviewTypo) {
        rules.add(Rule.of("likely_typo", r -> r.suggestion() != null, Decision.REVIEW));
      }
      // An unknown result is decided by onUnknown, never by a score that is low only because
      // evidence is missing (signup's fail-open must hold).
      rules.add(Rule.of("unknown", r -> r.status() == Status.UNKNOWN, onUnknown));
      if (minScore >= 0) {
        double min = minScore;
        rules.add(Rule.of("min_score", r -> r.score() < min, belowMinScore));
      }
      if (reviewRisky) {
        rules.add(Rule.of("risky", r -> r.status() == Status.RISKY
            || r.status() == Status.DISPOSABLE, Decision.REVIEW));
      }
      return new Profile(name, rules);
    }

    private static boolean covered(VerificationResult r, Set<String> domains) {
      String n = r.normalizedEmail();
      if (n == null) {
        return false;
      }
      String d = n.substring(n.lastIndexOf('@') + 1);
      for (int i = 0; i >= 0 && i < d.length(); ) {
        if (domains.contains(d.substring(i))) {
          return true;
        }
        int dot = d.indexOf('.', i);
        i = dot < 0 ? -1 : dot + 1;
      }
      return false;
    }
  }
}
