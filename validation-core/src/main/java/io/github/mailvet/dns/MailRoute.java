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
   * The slot of an address among {@code slots}, for processes with egress IPs of their own facing
   * mail providers that limit each sending IP; -1 when there is nothing to split: one slot, or
   * MX hosts that name no known provider (a company's own server, a small host: one key, one
   * client, as without slots). A provider's addresses are split by address, not by domain,
   * because its volume sits in a few domains ({@code gmail.com}, {@code outlook.com}). The
   * slot is the same in every process ({@link String#hashCode()} is specified).
   *
   * @param mxHosts the domain's MX hosts, most preferred first
   * @param address the address, in the form the caller probes it
   * @param slots   how many slots, 1 or more
   */
  public static int slot(List<MxHost> mxHosts, String address, int slots) {
    requireSlots(slots);
    if (slots == 1 || MailProviders.identify(mxHosts) == null) {
      return -1;
    }
    return Math.floorMod(address.toLowerCase(java.util.Locale.ROOT).hashCode(), slots);
  }

  /** The most owner-key slots: far more than a fleet has egress IPs. */
  public static final int MAX_SLOTS = 1024;

  /**
   * Checks an owner-key slot count: every builder that takes one states the same rule.
   *
   * @return the count
   * @throws IllegalArgumentException outside 1..{@link #MAX_SLOTS}
   */
  public static int requireSlots(int slots) {
    if (slots < 1 || slots > MAX_SLOTS) {
      throw new IllegalArgumentException("ownerKeySlots must be within 1.." + MAX_SLOTS + ": "
          + slots);
    }
    return slots;
  }

  /**
   * The owner key with the address's {@link #slot(List, String, int) slot}, such as
   * {@code google.com#3}; the owner key itself when there is no slot.
   */
  public static String ownerKey(List<MxHost> mxHosts, String address, int slots) {
    int slot = slot(mxHosts, address, slots);
    String key = ownerKey(mxHosts);
    return slot < 0 ? key : key + "#" + slot;
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
