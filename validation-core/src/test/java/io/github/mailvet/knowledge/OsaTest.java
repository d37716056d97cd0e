package io.github.mailvet.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OsaTest {

  /** The whole table, no band and no early stop: what the banded version must agree with. */
  private static int fullTable(String a, String b) {
    int m = a.length();
    int n = b.length();
    int[][] d = new int[m + 1][n + 1];
    for (int i = 0; i <= m; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= n; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= m; i++) {
      for (int j = 1; j <= n; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[m][n];
  }

  @Test
  void knownDistances() {
    assertThat(Osa.distance("gmial.com", "gmail.com", 2)).isEqualTo(1); // a swap
    assertThat(Osa.distance("gmail.con", "gmail.com", 2)).isEqualTo(1);
    assertThat(Osa.distance("yahooo.cmo", "yahoo.com", 2)).isEqualTo(2);
    assertThat(Osa.distance("ca", "abc", 3)).isEqualTo(3); // OSA, not unrestricted Damerau
    assertThat(Osa.distance("hotmail.com", "hotmail.com", 0)).isZero();
    assertThat(Osa.distance("", "ab", 2)).isEqualTo(2);
    assertThat(Osa.distance("outlook.com", "gmail.com", 2)).isEqualTo(3); // over: max + 1
  }

  @Test
  void theBandedDistanceAgreesWithTheWholeTableOnRandomPairs() {
    Random random = new Random(17);
    String alphabet = "abcde.";
    for (int k = 0; k < 200_000; k++) {
      String a = randomWord(random, alphabet, random.nextInt(9));
      String b = random.nextBoolean() ? mutate(random, a, alphabet)
          : randomWord(random, alphabet, random.nextInt(9));
      int max = random.nextInt(4);
      int exact = fullTable(a, b);
      int banded = Osa.distance(a, b, max);
      if (exact <= max) {
        assertThat(banded).as("%s / %s within %d", a, b, max).isEqualTo(exact);
      } else {
        assertThat(banded).as("%s / %s over %d", a, b, max).isEqualTo(max + 1);
      }
    }
  }

  private static String randomWord(Random random, String alphabet, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  /** One to three edits: substitutions, insertions, deletions and adjacent swaps. */
  private static String mutate(Random random, String word, String alphabet) {
    StringBuilder s = new StringBuilder(word);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length());
      switch (random.nextInt(4)) {
        case 0 -> {
          if (s.length() > 0) {
            s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          }
        }
        case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 2 -> {
          if (s.length() > 0) {
            s.deleteCharAt(at);
          }
        }
        default -> {
          if (at + 1 < s.length()) {
            char c = s.charAt(at);
            s.setCharAt(at, s.charAt(at + 1));
            s.setCharAt(at + 1, c);
          }
        }
      }
    }
    return s.toString();
  }
}
