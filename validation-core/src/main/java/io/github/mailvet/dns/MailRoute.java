package io.github.mailvet.dns;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What DNS says about delivering mail to a domain.
 *
 * @param outcome   the classification
 * @param mxHosts   the usable mail exchangers in preference order (an implicit MX is the domain
 *                  itself, RFC 5321 section 5.1); MX hosts whose names do not resolve are left out
 * @param rcode     the DNS response code of the MX query ({@code NOERROR}, {@code NXDOMAIN},
 *                  {@code SERVFAIL}, ...) or {@code TIMEOUT}
 * @param ttl       how long the answer may be cached
 * @param detail    a human-readable explanation
 * @param provider  the mailbox provider identified from the MX host names, or {@code null}
 */
public record MailRoute(Outcome outcome, List<MxHost> mxHosts, String rcode, Duration ttl,
    String detail, @Nullable String provider) {

  /** Copies the hosts. */
  public MailRoute {
    mxHosts = List.copyOf(mxHosts);
  }

  /**
   * Who answers for this domain's mail: the mail provider when the MX hosts name one (thousands
   * of domains share Google's or Microsoft's servers), else the lowest-preference MX host, else
   * the empty string (no mail servers). Work that must reach one mail server through one client
   * (SMTP probing across several processes) is keyed by it, never by the email domain.
   */
  public String ownerKey() {
    return provider != null ? provider : ownerKey(mxHosts);
  }

  /**
   * The owner key of a list of MX hosts in preference order: the mail provider they identify,
   * else the first host's name in lower case, else the empty string.
   *
   * @param mxHosts the hosts, most preferred first
   */
  public static String ownerKey(List<MxHost> mxHosts) {
    String provider = MailProviders.identify(mxHosts);
    if (provider != null) {
      return provider;
    }
    return mxHosts.isEmpty() ? "" : mxHosts.get(0).host().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * An owner key split into {@code slots} by email domain: {@code google.com#3}. For processes
   * with egress IPs of their own facing providers whose limits are per sending IP: each slot is
   * owned by one process at a time, so a provider sees up to {@code slots} polite clients, and a
   * domain always has the same slot ({@link String#hashCode()} is the same in every JVM), so its
   * addresses meet in one process. With one slot, the owner key itself.
   *
   * @param ownerKey the owner key
   * @param domain   the email domain, in the form used everywhere (ASCII or Unicode, lower case)
   * @param slots    how many slots, 1 or more
   */
  public static String slotted(String ownerKey, String domain, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be 1 or more: " + slots);
    }
    return slots == 1 ? ownerKey : ownerKey + "#" + slot(domain, slots);
  }

  /** The slot of an email domain among {@code slots}: 0 to {@code slots - 1}. */
  public static int slot(String domain, int slots) {
    return Math.floorMod(domain.toLowerCase(java.util.Locale.ROOT).hashCode(), slots);
  }

  /** The classification of a domain's mail route. */
  public enum Outcome {
    /** MX records with at least one resolvable host. */
    MX,
    /** No MX records, but address records: the domain is its own mail exchanger. */
    IMPLICIT_MX,
    /** The domain does not exist. */
    NXDOMAIN,
    /** The domain exists with neither usable MX nor address records. */
    NO_MX,
    /** The domain publishes {@code MX 0 .}: it accepts no mail (RFC 7505). */
    NULL_MX,
    /** DNS failed: SERVFAIL, REFUSED, timeout. Not a verdict on the domain. */
    ERROR
  }
}
