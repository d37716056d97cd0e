package io.github.mailvet.knowledge;

/** Optimal string alignment distance (Damerau-Levenshtein restricted to adjacent swaps). */
final class Osa {

  private Osa() {
  }

  /**
   * The distance between {@code a} and {@code b}, or {@code max + 1} when it exceeds {@code max}.
   *
   * <p>Only the diagonal band {@code |i - j| <= max} of the table is computed (a cell outside it
   * is more than {@code max} away whatever follows), and the work stops at the first row whose
   * band is all over {@code max}: a typo check against a popular domain costs about
   * {@code (2 max + 1)} cells per character, not the whole table.
   */
  static int distance(String a, String b, int max) {
    int m = a.length();
    int n = b.length();
    if (Math.abs(m - n) > max) {
      return max + 1;
    }
    int over = max + 1;
    int[] prev2 = new int[n + 1];
    int[] prev = new int[n + 1];
    int[] cur = new int[n + 1];
    for (int j = 0; j <= n; j++) {
      prev[j] = Math.min(j, over);
    }
    for (int i = 1; i <= m; i++) {
      int lo = Math.max(1, i - max);
      int hi = Math.min(n, i + max);
      cur[0] = Math.min(i, over);
      cur[lo - 1] = lo == 1 ? cur[0] : over;
      int rowMin = cur[lo - 1];
      char ca = a.charAt(i - 1);
      for (int j = lo; j <= hi; j++) {
        char cb = b.charAt(j - 1);
        int cost = ca == cb ? 0 : 1;
        int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        v = Math.min(v, over);
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (hi < n) {
        cur[hi + 1] = over; // the next row reads it as the cell above its band's last cell
      }
      if (rowMin > max) {
        return over;
      }
      int[] t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
    return prev[n];
  }
}
