package io.github.mailvet.knowledge;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Special-use and reserved names that never receive real mail. */
public final class ReservedDomains {

  private static final Map<String, String> TLDS = Map.of(
      "test", "RFC 6761 section 6.2: .test is reserved for testing",
      "example", "RFC 2606 section 2: .example is reserved for documentation",
      "invalid", "RFC 6761 section 6.4: .invalid is guaranteed not to exist",
      "localhost", "RFC 6761 section 6.3: .localhost is the local host",
      "local", "RFC 6762 section 3: .local is link-local multicast DNS",
      "onion", "RFC 7686: .onion names are Tor hidden services, not DNS",
      "arpa", "RFC 3172: .arpa is infrastructure, not for mailboxes",
      "alt", "RFC 9476: .alt is reserved for non-DNS resolution");

  private static final Set<String> SECOND_LEVEL = Set.of(
      "example.com", "example.net", "example.org");

  private ReservedDomains() {
  }

  /** Why the (lower-case ASCII) domain is reserved, or {@code null} when it is not. */
  public static @Nullable String why(String domain) {
    String tld = domain.substring(domain.lastIndexOf('.') + 1);
    String t = TLDS.get(tld);
    if (t != null) {
      return t;
    }
    for (String s : SECOND_LEVEL) {
      if (domain.equals(s) || domain.endsWith("." + s)) {
        return "RFC 2606 section 3: " + s + " is reserved for documentation";
      }
    }
    return null;
  }
}
