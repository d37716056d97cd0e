package io.github.mailvet.knowledge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of ASCII domain names with suffix-aware lookup, built for the bundled lists of
 * hundreds of thousands of entries: the names live in one byte array and an open-addressing table
 * of offsets indexes them, so loading is one pass over the resource and costs about 1.5x its size
 * in memory (no String or HashMap entry per domain).
 */
final class DomainSet {

  private static final DomainSet EMPTY = new DomainSet(new byte[0], new int[0], new int[2], 0);

  private final byte[] data;
  /** Start offset of each entry; entry i spans [starts[i], ends[i]). */
  private final int[] starts;
  private final int[] slots; // entry index + 1, 0 = empty
  private final int size;

  private DomainSet(byte[] data, int[] starts, int[] slots, int size) {
    this.data = data;
    this.starts = starts;
    this.slots = slots;
    this.size = size;
  }

  static DomainSet empty() {
    return EMPTY;
  }

  /** Reads a resource of one domain per line; '#' starts a comment line. */
  static DomainSet load(InputStream in) {
    try (in) {
      return fromBytes(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DomainSet of(Collection<String> domains) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String d : domains) {
      String n = normalize(d);
      if (!n.isEmpty()) {
        b.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
        b.write('\n');
      }
    }
    return fromBytes(b.toByteArray());
  }

  /** Lower case, no surrounding white space or trailing dot. */
  static String normalize(String d) {
    String n = d.strip().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private static DomainSet fromBytes(byte[] data) {
    int lines = 0;
    for (byte x : data) {
      if (x == '\n') {
        lines++;
      }
    }
    int[] starts = new int[lines + 2];
    int n = 0;
    int cap = Integer.highestOneBit(Math.max(4, (lines + 1) * 2 - 1)) << 1;
    int[] slots = new int[cap];
    int pos = 0;
    while (pos < data.length) {
      int end = pos;
      while (end < data.length && data[end] != '\n') {
        end++;
      }
      int s = pos;
      int e = end;
      while (e > s && (data[e - 1] == '\r' || data[e - 1] == ' ')) {
        e--;
      }
      if (e > s && data[s] != '#') {
        starts[n] = s;
        if (insert(data, starts, slots, n, s, e)) {
          n++;
        }
      }
      pos = end + 1;
    }
    starts[n] = data.length;
    return new DomainSet(data, starts, slots, n);
  }

  private static boolean insert(byte[] data, int[] starts, int[] slots, int index, int s, int e) {
    int mask = slots.length - 1;
    int h = hash(data, s, e) & mask;
    while (slots[h] != 0) {
      int other = slots[h] - 1;
      int os = starts[other];
      if (equalsAt(data, os, endOf(data, os), data, s, e)) {
        return false;
      }
      h = (h + 1) & mask;
    }
    slots[h] = index + 1;
    return true;
  }

  private static int endOf(byte[] data, int s) {
    int e = s;
    while (e < data.length && data[e] != '\n' && data[e] != '\r' && data[e] != ' ') {
      e++;
    }
    return e;
  }

  private static int hash(byte[] d, int s, int e) {
    int h = 0x811C9DC5;
    for (int i = s; i < e; i++) {
      h = (h ^ (d[i] & 0xFF)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  private static int hash(CharSequence d, int s, int e) {
    int h = 0x811C9DC5;
    for (int i = s; i < e; i++) {
      h = (h ^ (d.charAt(i) & 0xFF)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  private static boolean equalsAt(byte[] a, int as, int ae, byte[] b, int bs, int be) {
    if (ae - as != be - bs) {
      return false;
    }
    for (int i = 0; i < ae - as; i++) {
      if (a[as + i] != b[bs + i]) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return size;
  }

  /** Bytes held by the arrays (the data, the offsets and the table). */
  long footprintBytes() {
    return data.length + 4L * starts.length + 4L * slots.length;
  }

  /** Exact membership of {@code domain[from..]} (lower-case ASCII). */
  private boolean containsFrom(String domain, int from) {
    if (size == 0) {
      return false;
    }
    int len = domain.length();
    int mask = slots.length - 1;
    int h = hash(domain, from, len) & mask;
    while (slots[h] != 0) {
      int s = starts[slots[h] - 1];
      int e = endOf(data, s);
      if (e - s == len - from) {
        boolean eq = true;
        for (int i = 0; i < e - s; i++) {
          if (data[s + i] != (byte) domain.charAt(from + i)) {
            eq = false;
            break;
          }
        }
        if (eq) {
          return true;
        }
      }
      h = (h + 1) & mask;
    }
    return false;
  }

  /** Whether the lower-case ASCII domain itself is in the set. */
  boolean contains(String domain) {
    return containsFrom(domain, 0);
  }

  /**
   * The entry that covers the domain: the domain itself or its nearest listed parent
   * ({@code a.b.mailinator.com} is covered by {@code mailinator.com}), or {@code null}.
   */
  @Nullable String coveringEntry(String domain) {
    if (size == 0) {
      return null;
    }
    int from = 0;
    while (from >= 0 && from < domain.length()) {
      if (containsFrom(domain, from)) {
        return domain.substring(from);
      }
      int dot = domain.indexOf('.', from);
      from = dot < 0 ? -1 : dot + 1;
    }
    return null;
  }
}
