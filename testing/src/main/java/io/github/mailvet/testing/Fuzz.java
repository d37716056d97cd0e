package io.github.mailvet.testing;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small, seeded generator of hostile inputs for bounded fuzz runs in plain JUnit: a property
 * is checked for a fixed number of generated inputs; a failure names the seed and the input, and
 * {@code -Dmailvet.fuzz.seed=N} replays the run.
 *
 * <pre>{@code
 * Fuzz.run(3000, f -> f.string("ab@.\"\\\r\n", 300),
 *     input -> assertThat(parser.parse(input)).isNotNull());
 * }</pre>
 *
 * <p>Not coverage-guided: it draws from alphabets and shapes the test chooses (the grammar's
 * special characters, over-long labels, controls, invisible characters).
 */
public final class Fuzz {

  private final SplittableRandom random;

  private Fuzz(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * Checks {@code property} for {@code tries} inputs from {@code generator}. The seed is
   * {@code mailvet.fuzz.seed} when set, else new for every run (so that runs explore).
   */
  public static <T> void run(int tries, Function<Fuzz, T> generator, Consumer<T> property) {
    String fixed = System.getProperty("mailvet.fuzz.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    Fuzz f = new Fuzz(seed);
    for (int i = 0; i < tries; i++) {
      T input = generator.apply(f);
      try {
        property.accept(input);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("fuzz try " + i + " of seed " + seed + " (replay with"
            + " -Dmailvet.fuzz.seed=" + seed + ") failed for input: " + show(input), e);
      }
    }
  }

  private static String show(Object input) {
    String s = input instanceof byte[] b
        ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : String.valueOf(input);
    StringBuilder out = new StringBuilder();
    s.codePoints().limit(400).forEach(cp -> {
      if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)
          || Character.getType(cp) == Character.FORMAT) {
        out.append(String.format("\\u{%04X}", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out + (s.length() > 400 ? "... (" + s.length() + " chars)" : "");
  }

  /** A number in {@code [0, bound)}. */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** A string of up to {@code maxLength} code points drawn from {@code alphabet}. */
  public String string(String alphabet, int maxLength) {
    return string(alphabet, 0, maxLength);
  }

  /** A string of {@code min..max} code points drawn from {@code alphabet}. */
  public String string(String alphabet, int min, int max) {
    int[] cps = alphabet.codePoints().toArray();
    int n = min + random.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.appendCodePoint(cps[random.nextInt(cps.length)]);
    }
    return b.toString();
  }

  /** One of the values. */
  @SafeVarargs
  public final <T> T oneOf(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** {@code min..max} values from the generator. */
  public <T> List<T> list(int min, int max, Function<Fuzz, T> each) {
    int n = min + random.nextInt(max - min + 1);
    java.util.ArrayList<T> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(each.apply(this));
    }
    return out;
  }

  /** Up to {@code max} random bytes. */
  public byte[] bytes(int max) {
    byte[] b = new byte[random.nextInt(max + 1)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }
}
