package io.github.mailvet.samples.crm;

import io.github.mailvet.Mailvet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar crm-import.jar [IN.csv] [--out DIR] [--column NAME] [--profile NAME]
 * [--offline]}: runs the route over a CSV of leads (the bundled sample by default).
 */
public final class CrmImportApp {

  private CrmImportApp() {
  }

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    Path out = Path.of(option(rest, "--out", "crm-import-out"));
    String column = option(rest, "--column", null);
    String profile = option(rest, "--profile", null);
    boolean offline = rest.remove("--offline");
    Path in;
    if (rest.isEmpty()) {
      in = Files.createTempFile("leads", ".csv");
      try (var sample = CrmImportApp.class.getResourceAsStream("/leads-sample.csv")) {
        Files.copy(sample, in, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      System.err.println("crm-import: no input given; using the bundled sample of leads");
    } else {
      in = Path.of(rest.get(0));
    }
    try (Mailvet engine = Mailvet.builder().offline(offline).concurrency(1000).build()) {
      CrmImport.Summary s = CrmImport.run(new CrmImport.Options(in, out, column, profile, 1000),
          engine, rows -> { });
      System.out.print(s.text());
      System.out.println("files: " + out.toAbsolutePath() + "/{accepted,review,rejected}.csv");
    } catch (IllegalArgumentException e) {
      System.err.println("crm-import: " + e.getMessage());
      System.exit(2);
    }
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    if (i < 0) {
      return fallback;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String v = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return v;
  }
}
