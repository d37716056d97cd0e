package io.github.mailvet.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which IP addresses are on the public internet: the SSRF guard of the SMTP probe, and what an
 * address literal ({@code user@[192.0.2.1]}) can mean for deliverability, and the guard of
 * anything else that connects where a user points it (the bridge's webhook targets).
 */
public final class PublicAddresses {

  private PublicAddresses() {
  }

  /**
   * Whether an address is public: not loopback, private (RFC 1918, RFC 4193), link-local,
   * multicast, unspecified, shared (RFC 6598), benchmarking (RFC 2544), documentation
   * (RFC 5737, RFC 3849) or reserved; and for IPv6 forms that carry an IPv4 address (NAT64
   * {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4 {@code 2002::/16}, IPv4-compatible
   * {@code ::/96}, Teredo {@code 2001::/32}), the IPv4 address they carry is checked too.
   */
  public static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress()
        || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return isPublicV4(b);
    }
    if (!(a instanceof Inet6Address)) {
      return false;
    }
    int w0 = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    int w1 = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    if ((b[0] & 0xFE) == 0xFC) {
      return false; // fc00::/7 unique local
    }
    if (w0 == 0x2001 && w1 == 0x0db8) {
      return false; // 2001:db8::/32 documentation
    }
    if (w0 == 0x0100 && w1 == 0 && zero(b, 4, 8)) {
      return false; // 100::/64 discard-only
    }
    if (zero(b, 0, 12)) {
      return isPublicV4(slice(b, 12)); // ::/96 IPv4-compatible (and :: and ::1, caught above)
    }
    if (w0 == 0x0064 && w1 == 0xff9b) {
      // 64:ff9b::/96 well-known NAT64 prefix; 64:ff9b:1::/48 local-use NAT64 (RFC 8215)
      return (b[4] == 0 && b[5] == 0 && zero(b, 6, 12)) && isPublicV4(slice(b, 12));
    }
    if (w0 == 0x2002) {
      return isPublicV4(slice(b, 2)); // 6to4: the IPv4 address follows the prefix
    }
    if (w0 == 0x2001 && w1 == 0) {
      // Teredo: server IPv4 at bytes 4..7, client IPv4 obfuscated (XOR 0xFF) at 12..15
      byte[] client = slice(b, 12);
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) ~client[i];
      }
      return isPublicV4(slice(b, 4)) && isPublicV4(client);
    }
    return true;
  }

  /** Whether an address literal's text names a public address; false when it is not an IP. */
  public static boolean isPublicLiteral(String literal) {
    String t = literal.startsWith("[") && literal.endsWith("]")
        ? literal.substring(1, literal.length() - 1) : literal;
    if (t.regionMatches(true, 0, "IPv6:", 0, 5)) {
      t = t.substring(5);
    } else if (t.indexOf(':') >= 0) {
      return false;
    }
    if (t.isEmpty() || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.'
        || c == ':')) {
      return false; // never a name lookup
    }
    try {
      return isPublic(InetAddress.getByName(t));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isPublicV4(byte[] b) {
    int o0 = b[0] & 0xFF;
    int o1 = b[1] & 0xFF;
    int o2 = b[2] & 0xFF;
    return !(o0 == 0 || o0 == 10 || o0 == 127 || (o0 == 100 && o1 >= 64 && o1 < 128)
        || (o0 == 169 && o1 == 254) || (o0 == 172 && o1 >= 16 && o1 < 32)
        || (o0 == 192 && o1 == 168) || (o0 == 198 && (o1 & 0xFE) == 18) || o0 >= 224
        || (o0 == 192 && o1 == 0 && (o2 == 0 || o2 == 2)) || (o0 == 198 && o1 == 51 && o2 == 100)
        || (o0 == 203 && o1 == 0 && o2 == 113));
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }
}
