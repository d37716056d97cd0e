package io.github.mailvet.knowledge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Suggests a correction for a mistyped domain: {@code gmial.com} to {@code gmail.com},
 * {@code gmail.con} to {@code gmail.com}, {@code yahooo.cmo} to {@code yahoo.com}.
 *
 * <p>Correctness comes first: a domain that is known to be real (a popular provider, or a free
 * provider whose name is not a one-letter slip of a popular one) is never corrected, a domain
 * without a dot is never corrected, a top-level domain is only corrected when it is not in the
 * IANA root zone, and ties between equally close candidates go to the more popular one.
 * Distances are optimal string alignment (Damerau-Levenshtein with adjacent transpositions).
 *
 * <pre>{@code
 * KnowledgeBase.bundled().typos().suggest("gmial.com"); // Optional[gmail.com]
 * }</pre>
 */
public final class TypoSuggester {

  /** Top-level domains worth correcting to, most used first. */
  private static final List<String> COMMON_TLDS = List.of(
      "com", "net", "org", "de", "co.uk", "fr", "it", "es", "ru", "nl", "com.br", "ca", "com.au",
      "co.jp", "in", "pl", "ch", "at", "be", "se", "info", "biz", "edu", "gov", "io", "us", "eu");

  private final List<String> popular;
  private final Set<String> popularSet;
  /** Per popular domain: its first label, the rest, and the distance allowed (hot path). */
  private final String[] popularLabel;
  private final String[] popularSuffix;
  private final int[] popularMax;
  private final List<String> tlds;
  private final Predicate<String> knownTld;
  private final Predicate<String> knownReal;
  /**
   * Answers by normalized domain: a list has many addresses per domain, and each answer costs a
   * distance to every popular domain of about its length. Bounded (about 3 MB when full), and
   * cleared when full: an answer costs a few microseconds, so a list of more distinct domains
   * than this pays what it would without the memo; a cache with an eviction policy (Caffeine)
   * cost more to keep than the distances it saved (1,000,000 addresses over 20,000 domains).
   */
  private final ConcurrentHashMap<String, Optional<String>> memo = new ConcurrentHashMap<>();
  private static final int MEMO_SIZE = 32_768;

  /**
   * A suggester over the given candidates.
   *
   * @param popular   candidate domains, most used first; they are also known to be real
   * @param knownTld  whether a (single-label, lower-case) top-level domain exists
   * @param knownReal whether a domain not in {@code popular} is known to be real (never corrected
   *                  unless it looks like a one-letter slip of a popular domain)
   */
  public static TypoSuggester of(Collection<String> popular, Predicate<String> knownTld,
      Predicate<String> knownReal) {
    Objects.requireNonNull(popular, "popular");
    Objects.requireNonNull(knownTld, "knownTld");
    Objects.requireNonNull(knownReal, "knownReal");
    List<String> p = new ArrayList<>();
    for (String d : popular) {
      p.add(DomainSet.normalize(d));
    }
    return new TypoSuggester(List.copyOf(p), knownTld, knownReal);
  }

  private TypoSuggester(List<String> popular, Predicate<String> knownTld,
      Predicate<String> knownReal) {
    this.popular = popular;
    this.popularSet = Set.copyOf(popular);
    this.popularLabel = new String[popular.size()];
    this.popularSuffix = new String[popular.size()];
    this.popularMax = new int[popular.size()];
    for (int i = 0; i < popular.size(); i++) {
      popularLabel[i] = firstLabel(popular.get(i));
      popularSuffix[i] = suffix(popular.get(i));
      popularMax[i] = popularLabel[i].length() >= 7 ? 2 : 1;
    }
    this.knownTld = knownTld;
    this.knownReal = knownReal;
    List<String> t = new ArrayList<>(COMMON_TLDS);
    for (String d : popular) {
      String s = suffix(d);
      if (!t.contains(s)) {
        t.add(s);
      }
    }
    this.tlds = List.copyOf(t);
  }

  /**
   * The suggested domain for a possibly mistyped one, or empty when it looks right (or when no
   * candidate is close enough). The input may be syntactically invalid ({@code #gmail.com}).
   */
  public Optional<String> suggest(String domain) {
    String d = DomainSet.normalize(domain);
    Optional<String> known = memo.get(d);
    if (known != null) {
      return known;
    }
    Optional<String> suggestion = compute(d);
    if (memo.size() >= MEMO_SIZE) {
      memo.clear();
    }
    memo.put(d, suggestion);
    return suggestion;
  }

  private Optional<String> compute(String d) {
    int dot = d.indexOf('.');
    if (dot <= 0 || dot == d.length() - 1 || popularSet.contains(d)) {
      return Optional.empty();
    }
    if (knownReal.test(d) && !looksLikeSlip(d)) {
      return Optional.empty();
    }
    Optional<String> full = closestPopular(d);
    if (full.isPresent()) {
      return full;
    }
    String tld = d.substring(d.lastIndexOf('.') + 1);
    if (knownTld.test(tld)) {
      return Optional.empty();
    }
    // An unknown TLD: correct it, keep the rest of the name, then try the popular list again.
    String head = d.substring(0, d.lastIndexOf('.'));
    Optional<String> fixedTld = closest(tld, tlds, tld.length() <= 2 ? 1 : 2);
    if (fixedTld.isEmpty()) {
      return Optional.empty();
    }
    String fixed = head + '.' + fixedTld.get();
    if (popularSet.contains(fixed)) {
      return Optional.of(fixed);
    }
    return closestPopular(fixed).or(() -> Optional.of(fixed));
  }

  /** A free-list entry such as gmial.com or hotmail.co: a slip of a popular provider's name. */
  private boolean looksLikeSlip(String d) {
    String sld = firstLabel(d);
    String suffix = suffix(d);
    for (int i = 0; i < popularLabel.length; i++) {
      String psld = popularLabel[i];
      String psuffix = popularSuffix[i];
      if (psld.length() >= 5 && suffix.equals(psuffix) && !sld.equals(psld)
          && Osa.distance(sld, psld, 1) <= 1) {
        return true;
      }
      if (sld.equals(psld) && (psuffix.equals("com") || psuffix.equals("net"))
          && !suffix.equals(psuffix) && Osa.distance(suffix, psuffix, 1) <= 1
          && suffix.length() < psuffix.length()) {
        return true; // hotmail.co for hotmail.com
      }
    }
    return false;
  }

  private Optional<String> closestPopular(String d) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int len = d.length();
    for (int i = 0; i < popularMax.length; i++) {
      String p = popular.get(i);
      int max = popularMax[i];
      if (Math.abs(p.length() - len) > max) {
        continue;
      }
      int dist = Osa.distance(d, p, max);
      if (dist <= max && dist < bestDistance) {
        best = p;
        bestDistance = dist;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The candidate closest to the input within {@code maxDistance}, the earlier one on ties; the
   * input itself when it is a candidate. This is mailcheck's {@code findClosestDomain}.
   */
  public static Optional<String> closest(String input, List<String> candidates, int maxDistance) {
    String in = input.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int dist = Osa.distance(in, c, maxDistance);
      if (dist <= maxDistance && dist < bestDistance) {
        best = c;
        bestDistance = dist;
        if (dist == 0) {
          break;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static String firstLabel(String d) {
    int dot = d.indexOf('.');
    return dot < 0 ? d : d.substring(0, dot);
  }

  private static String suffix(String d) {
    int dot = d.indexOf('.');
    return dot < 0 ? "" : d.substring(dot + 1);
  }
}
