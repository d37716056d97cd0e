package io.github.mailvet.knowledge;

/** Optimal string alignment distance (Damerau-Levenshtein restricted to adjacent swaps). */
final class Osa {

  private Osa() {
  }

  /**
   * The distance between {@code a} and {@code b}, or any value greater than {@code max} as soon
   * as it is clear the distance exceeds {@code max} (the length difference alone, or a whole row
   * of the table above it).
   */
  static int distance(String a, String b, int max) {
    int m = a.length();
    int n = b.length();
    if (Math.abs(m - n) > max) {
      return max + 1;
    }
    int[] prev2 = new int[n + 1];
    int[] prev = new int[n + 1];
    int[] cur = new int[n + 1];
    for (int j = 0; j <= n; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= m; i++) {
      cur[0] = i;
      int rowMin = cur[0];
      char ca = a.charAt(i - 1);
      for (int j = 1; j <= n; j++) {
        char cb = b.charAt(j - 1);
        int cost = ca == cb ? 0 : 1;
        int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > max) {
        return max + 1;
      }
      int[] t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
    return prev[n];
  }
}
