package io.github.mailvet;

import io.github.mailvet.address.AddressParser;
import io.github.mailvet.address.EmailAddress;
import io.github.mailvet.dns.PublicAddresses;
import io.github.mailvet.knowledge.ReservedDomains;
import io.github.mailvet.knowledge.KnowledgeBase;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The classify stage: role, free, disposable and reserved domains, typo suggestions, the
 * mailbox provider of well-known domains, and whether DNS can still change the answer. In
 * memory; never blocks.
 */
final class Classifier {

  /** Offline provider names for the most common mailbox domains. */
  private static final Map<String, String> PROVIDERS = Map.ofEntries(
      Map.entry("gmail.com", "google.com"), Map.entry("googlemail.com", "google.com"),
      Map.entry("outlook.com", "microsoft.com"), Map.entry("hotmail.com", "microsoft.com"),
      Map.entry("live.com", "microsoft.com"), Map.entry("msn.com", "microsoft.com"),
      Map.entry("yahoo.com", "yahoo.com"), Map.entry("ymail.com", "yahoo.com"),
      Map.entry("rocketmail.com", "yahoo.com"), Map.entry("aol.com", "yahoo.com"),
      Map.entry("icloud.com", "apple.com"), Map.entry("me.com", "apple.com"),
      Map.entry("mac.com", "apple.com"), Map.entry("proton.me", "proton.me"),
      Map.entry("protonmail.com", "proton.me"), Map.entry("gmx.de", "gmx.net"),
      Map.entry("gmx.net", "gmx.net"), Map.entry("gmx.com", "gmx.net"),
      Map.entry("web.de", "web.de"), Map.entry("yandex.ru", "yandex.ru"),
      Map.entry("mail.ru", "mail.ru"), Map.entry("zoho.com", "zoho.com"),
      Map.entry("fastmail.com", "fastmail.com"), Map.entry("qq.com", "tencent.com"));

  private final KnowledgeBase knowledge;
  private final AddressParser parser;
  private final boolean testMode;
  private final boolean offline;
  private final boolean allowRoleBased;

  Classifier(KnowledgeBase knowledge, AddressParser parser, boolean testMode, boolean offline,
      boolean allowRoleBased) {
    this.knowledge = knowledge;
    this.parser = parser;
    this.testMode = testMode;
    this.offline = offline;
    this.allowRoleBased = allowRoleBased;
  }

  /** The classify stage; returns the domain to resolve, or null when DNS cannot help. */
  @Nullable String classify(EmailAddress a, Signals s) {
    // cheap local signals are known whatever the domain turns out to be
    s.roleAccount = knowledge.isRoleAccount(a.localPart());
    s.roleIsRisky = !allowRoleBased;
    s.freeProvider = false;
    if (a.domainLiteral()) {
      s.dnsSkipped = "address literal";
      if (PublicAddresses.isPublicLiteral(a.asciiDomain())) {
        s.addressLiteral = true;
        s.context.add(Evidence.of("classify", "domain_literal",
            "the domain is an address literal; domain lists and DNS do not apply", 0));
      } else {
        s.reservedDomain = "the address literal " + a.asciiDomain() + " is a loopback, private"
            + " or reserved address: no mail from the internet reaches it";
      }
      return null;
    }
    String domain = a.asciiDomain();
    if (testMode && TestScenarios.apply(domain, a.localPart(), s)) {
      return null;
    }
    String reserved = ReservedDomains.why(domain);
    if (reserved != null) {
      s.reservedDomain = reserved;
      return null;
    }
    String tld = domain.substring(domain.lastIndexOf('.') + 1);
    s.tldKnown = domain.indexOf('.') < 0 ? null : knowledge.isKnownTld(tld);
    s.disposableEntry = knowledge.disposableEntry(domain);
    s.deniedByUser = s.disposableEntry != null && knowledge.isDenied(domain);
    s.provider = PROVIDERS.get(domain);
    boolean allowed = knowledge.isAllowed(domain);
    // Typo-squat domains (gmial.com) are often on disposable lists too; the suggestion wins.
    if (!allowed && !s.deniedByUser) {
      Optional<String> fix = knowledge.suggestDomain(domain);
      fix.ifPresent(d -> s.suggestion = a.localPart() + '@' + d);
    }
    // The free-provider lists contain disposable and typo domains; neither counts as a provider.
    s.freeProvider = knowledge.isFreeProvider(domain) && s.disposableEntry == null
        && s.suggestion == null;
    s.knownProvider = (allowed || s.freeProvider) && s.suggestion == null;
    if (offline) {
      s.dnsSkipped = "offline mode was requested";
    } else if (Boolean.FALSE.equals(s.tldKnown)) {
      s.dnsSkipped = "the top-level domain does not exist";
    } else if (s.disposableEntry != null && s.suggestion == null) {
      s.dnsSkipped = "a disposable domain: DNS cannot change the answer";
    } else {
      return domain;
    }
    s.context.add(Evidence.of("resolve", "dns_skipped",
        "DNS was not checked (" + s.dnsSkipped + ")", 0));
    return null;
  }

  /** "ada@gmail,com" is invalid, but the user surely meant ada@gmail.com. */
  void suggestForBrokenDomain(String input, Signals s) {
    int at = input.lastIndexOf('@');
    if (at <= 0 || at == input.length() - 1 || input.indexOf('@') != at || input.length() > 254) {
      return;
    }
    String local = input.substring(0, at);
    String domain = input.substring(at + 1).replace(',', '.');
    Optional<String> fix = knowledge.suggestDomain(domain);
    if (fix.isPresent() && parser.isValid(local + '@' + fix.get())) {
      s.suggestion = local + '@' + fix.get();
    } else if (!domain.equals(input.substring(at + 1)) && parser.isValid(local + '@' + domain)) {
      s.suggestion = local + '@' + domain.toLowerCase(java.util.Locale.ROOT);
    }
  }
}
