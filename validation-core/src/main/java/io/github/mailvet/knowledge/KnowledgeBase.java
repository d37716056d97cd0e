package io.github.mailvet.knowledge;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What mailvet knows about domains and local parts without touching the network: disposable
 * domains, free mailbox providers, role accounts, IANA top-level domains and popular providers
 * for typo suggestions. The bundled datasets are described, with their sources and licenses, in
 * {@code io/github/mailvet/knowledge/PROVENANCE.md}.
 *
 * <p>Lookups are suffix-aware ({@code x.y.mailinator.com} is disposable because
 * {@code mailinator.com} is). User lists always win over bundled ones: a domain on the user's
 * allow list is never disposable, a domain on the user's deny list always is.
 *
 * <pre>{@code
 * KnowledgeBase kb = KnowledgeBase.builder()
 *     .allowDomains(List.of("our-partner-relay.example"))
 *     .denyDomains(List.of("burner.example"))
 *     .build();
 * }</pre>
 */
public final class KnowledgeBase {

  private static final String BASE = "/io/github/mailvet/knowledge/";
  private static final com.ibm.icu.text.IDNA UTS46 = com.ibm.icu.text.IDNA.getUTS46Instance(
      com.ibm.icu.text.IDNA.NONTRANSITIONAL_TO_ASCII | com.ibm.icu.text.IDNA.USE_STD3_RULES);

  /** Bundled data, loaded once on first use. */
  private static final class Bundled {
    static final DomainSet DISPOSABLE = DomainSet.load(open("disposable-domains.txt"));
    static final DomainSet FREE = DomainSet.load(open("free-domains.txt"));
    static final DomainSet ALLOW = DomainSet.load(open("allowlist.txt"));
    static final DomainSet TLDS = DomainSet.load(open("tlds.txt"));
    static final Set<String> ROLES = Set.copyOf(lines("role-local-parts.txt"));
    static final List<String> POPULAR = List.copyOf(lines("popular-domains.txt"));
    static final KnowledgeBase DEFAULT = new Builder().build();
  }

  private final DomainSet disposable;
  private final DomainSet free;
  private final DomainSet allow;
  private final DomainSet userAllow;
  private final DomainSet userDeny;
  private final DomainSet tlds;
  private final DomainSet popularSet;
  private final Set<String> roles;
  private final TypoSuggester typos;

  private KnowledgeBase(Builder b) {
    this(b, false);
  }

  private KnowledgeBase(Builder b, boolean fresh) {
    if (fresh) {
      this.disposable = DomainSet.load(open("disposable-domains.txt"));
      this.free = DomainSet.load(open("free-domains.txt"));
      this.allow = DomainSet.load(open("allowlist.txt"));
      this.tlds = DomainSet.load(open("tlds.txt"));
    } else {
      this.disposable = b.bundled ? Bundled.DISPOSABLE : DomainSet.empty();
      this.free = b.bundled ? Bundled.FREE : DomainSet.empty();
      this.allow = b.bundled ? Bundled.ALLOW : DomainSet.empty();
      this.tlds = Bundled.TLDS;
    }
    this.userAllow = DomainSet.of(b.allow);
    this.userDeny = DomainSet.of(b.deny);
    Set<String> r = new HashSet<>(fresh ? lines("role-local-parts.txt")
        : b.bundled ? Bundled.ROLES : Set.of());
    b.extraRoles.forEach(x -> r.add(x.toLowerCase(Locale.ROOT)));
    this.roles = Set.copyOf(r);
    List<String> popular = new ArrayList<>(b.popular != null ? b.popular
        : fresh ? lines("popular-domains.txt") : Bundled.POPULAR);
    this.popularSet = DomainSet.of(popular);
    this.typos = TypoSuggester.of(popular, tlds::contains,
        d -> free.contains(d) || userAllow.coveringEntry(d) != null);
  }

  /** The bundled datasets with no user lists. Loading takes a few tens of milliseconds. */
  public static KnowledgeBase bundled() {
    return Bundled.DEFAULT;
  }

  /**
   * Loads the bundled datasets anew, bypassing the shared instance of {@link #bundled()}. Use it
   * to measure loading or to release the shared data's memory with your own lifecycle.
   */
  public static KnowledgeBase load() {
    return new KnowledgeBase(new Builder(), true);
  }

  /** A builder starting from the bundled datasets. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the domain (ASCII form) belongs to a disposable-address provider: the user's deny
   * list, else not on an allow list, else the bundled lists.
   */
  public boolean isDisposable(String asciiDomain) {
    return disposableEntry(asciiDomain) != null;
  }

  /**
   * The list entry that makes the domain disposable ({@code mailinator.com} for
   * {@code x.mailinator.com}), or {@code null} when it is not disposable.
   */
  public @Nullable String disposableEntry(String asciiDomain) {
    String d = DomainSet.normalize(asciiDomain);
    String denied = userDeny.coveringEntry(d);
    if (denied != null) {
      return denied;
    }
    if (isAllowed(d)) {
      return null;
    }
    return disposable.coveringEntry(d);
  }

  /** Whether the user's deny list covers the domain. */
  public boolean isDenied(String asciiDomain) {
    return userDeny.coveringEntry(DomainSet.normalize(asciiDomain)) != null;
  }

  /** Whether an allow list (the user's, the bundled one or the popular providers) covers it. */
  public boolean isAllowed(String asciiDomain) {
    String d = DomainSet.normalize(asciiDomain);
    return userAllow.coveringEntry(d) != null || allow.coveringEntry(d) != null
        || popularSet.contains(d);
  }

  /** Whether the domain is a free mailbox provider (exact match: subdomains are not). */
  public boolean isFreeProvider(String asciiDomain) {
    String d = DomainSet.normalize(asciiDomain);
    return free.contains(d) || popularSet.contains(d);
  }

  /**
   * Whether the local part is a role account ({@code info}, {@code support}, {@code noreply}):
   * compared case-insensitively, ignoring a {@code +tag}.
   */
  public boolean isRoleAccount(String localPart) {
    // NFKC with case folding: full-width "ｉｎｆｏ" and other compatibility forms are "info"
    String l = localPart.chars().allMatch(c -> c < 0x80) ? localPart.toLowerCase(Locale.ROOT)
        : com.ibm.icu.text.Normalizer2.getNFKCCasefoldInstance().normalize(localPart);
    if (l.length() > 1 && l.startsWith("\"") && l.endsWith("\"")) {
      l = l.substring(1, l.length() - 1);
    }
    int plus = l.indexOf('+');
    if (plus > 0) {
      l = l.substring(0, plus);
    }
    return roles.contains(l);
  }

  /** Whether the single-label top-level domain is in the IANA root zone. */
  public boolean isKnownTld(String tld) {
    return tlds.contains(DomainSet.normalize(tld));
  }

  /** A suggested correction of a mistyped domain. */
  public Optional<String> suggestDomain(String domain) {
    return typos.suggest(domain);
  }

  /** The typo suggester, configured with this knowledge base's popular and free providers. */
  public TypoSuggester typos() {
    return typos;
  }

  /** Sizes of the loaded datasets and their heap footprint, for diagnostics. */
  public String describe() {
    long bytes = disposable.footprintBytes() + free.footprintBytes() + allow.footprintBytes()
        + tlds.footprintBytes() + userAllow.footprintBytes() + userDeny.footprintBytes();
    return "disposable=" + disposable.size() + ", free=" + free.size() + ", roles=" + roles.size()
        + ", tlds=" + tlds.size() + ", allow=" + allow.size() + ", userAllow=" + userAllow.size()
        + ", userDeny=" + userDeny.size() + ", domainSetBytes=" + bytes;
  }

  private static InputStream open(String name) {
    InputStream in = KnowledgeBase.class.getResourceAsStream(BASE + name);
    if (in == null) {
      throw new IllegalStateException("missing bundled dataset " + BASE + name);
    }
    return in;
  }

  private static List<String> lines(String name) {
    try (InputStream in = open(name)) {
      List<String> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .split("\n")) {
        String t = l.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Builds a {@link KnowledgeBase}; user lists win over the bundled ones. */
  public static final class Builder {
    private boolean bundled = true;
    private final Set<String> allow = new LinkedHashSet<>();
    private final Set<String> deny = new LinkedHashSet<>();
    private final Set<String> extraRoles = new LinkedHashSet<>();
    private @Nullable List<String> popular;

    private Builder() {
    }

    /** Whether to use the bundled disposable, free and allow lists (default true). */
    public Builder useBundledLists(boolean value) {
      this.bundled = value;
      return this;
    }

    /** Domains that are never disposable (and never corrected), with their subdomains. */
    public Builder allowDomains(Collection<String> domains) {
      addAll(allow, domains, "allowDomains");
      return this;
    }

    /** Domains that are always treated as disposable, with their subdomains. */
    public Builder denyDomains(Collection<String> domains) {
      addAll(deny, domains, "denyDomains");
      return this;
    }

    /** Extra role local parts ({@code "billing"}), case-insensitive. */
    public Builder addRoleAccounts(Collection<String> localParts) {
      Objects.requireNonNull(localParts, "localParts");
      for (String l : localParts) {
        if (l == null || l.isBlank()) {
          throw new IllegalArgumentException("addRoleAccounts: blank local part");
        }
        extraRoles.add(l.strip());
      }
      return this;
    }

    /** Replaces the popular domains used for typo suggestions (most used first). */
    public Builder popularDomains(List<String> domains) {
      Objects.requireNonNull(domains, "domains");
      List<String> copy = new ArrayList<>();
      addAll(copy, domains, "popularDomains");
      this.popular = copy;
      return this;
    }

    private static void addAll(Collection<String> target, Collection<String> domains,
        String what) {
      Objects.requireNonNull(domains, what);
      for (String d : domains) {
        if (d == null || d.isBlank() || d.contains("@") || d.strip().contains(" ")) {
          throw new IllegalArgumentException(what + ": not a domain name: '" + d + "'");
        }
        // the same UTS #46 processing as the parser, so a listed IDN matches its addresses
        com.ibm.icu.text.IDNA.Info info = new com.ibm.icu.text.IDNA.Info();
        String ascii = UTS46.nameToASCII(d.strip(), new StringBuilder(), info).toString();
        if (info.hasErrors()) {
          throw new IllegalArgumentException(what + ": not a valid domain name: '" + d + "' ("
              + info.getErrors() + ")");
        }
        target.add(ascii.toLowerCase(Locale.ROOT));
      }
    }

    /** The knowledge base. */
    public KnowledgeBase build() {
      return new KnowledgeBase(this);
    }
  }
}
