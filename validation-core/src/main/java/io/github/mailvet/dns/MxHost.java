package io.github.mailvet.dns;

import java.util.List;

/**
 * One mail exchanger of a domain.
 *
 * @param preference the MX preference (lower is tried first)
 * @param host       the host name, lower case, without the trailing dot
 * @param addresses  its IPv4 and IPv6 addresses, in the order DNS gave them
 */
public record MxHost(int preference, String host, List<String> addresses) {

  /** Copies the addresses. */
  public MxHost {
    addresses = List.copyOf(addresses);
  }
}
