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

  private static final String USAGE = "usage: run [IN.csv] [--out DIR] [--column NAME]"
      + " [--profile default|signup|b2b|newsletter] [--offline]";

  /** Entry point: one line on standard error and exit 2 for any usage error, never a trace. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.contains("--help") || rest.contains("-h")) {
      System.out.println(USAGE);
      System.out.println("Sorts a CSV of leads into accepted.csv, review.csv and rejected.csv"
          + " (the bundled sample when no file is given).");
      return 0;
    }
    try {
      Path out = Path.of(SampleArgs.option(rest, "--out", "crm-import-out"));
      String column = SampleArgs.optional(rest, "--column");
      String profile = SampleArgs.optional(rest, "--profile");
      boolean offline = rest.remove("--offline");
      for (String a : rest) {
        if (a.startsWith("-")) {
          throw new IllegalArgumentException("unknown option '" + a + "' (" + USAGE + ")");
        }
      }
      if (rest.size() > 1) {
        throw new IllegalArgumentException("one input file at a time, not " + rest.size());
      }
      if (profile != null && io.github.mailvet.Profile.builtIn(profile).isEmpty()) {
        throw new IllegalArgumentException("unknown profile '" + profile + "'; choose one of "
            + io.github.mailvet.Profile.builtInNames());
      }
      Path in;
      if (rest.isEmpty()) {
        in = Files.createTempFile("leads", ".csv");
        try (var sample = CrmImportApp.class.getResourceAsStream("/leads-sample.csv")) {
          Files.copy(sample, in, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.err.println("crm-import: no input given; using the bundled sample of leads");
      } else {
        in = Path.of(rest.get(0));
        if (Files.isDirectory(in)) {
          throw new IllegalArgumentException(in + " is a directory; name a CSV file");
        }
        if (!Files.isRegularFile(in)) {
          throw new IllegalArgumentException("no such file: " + in);
        }
      }
      try (Mailvet engine = Mailvet.builder().offline(offline).concurrency(1000).build()) {
        CrmImport.Summary s = CrmImport.run(new CrmImport.Options(in, out, column, profile, 1000),
            engine, rows -> { });
        System.out.print(s.text());
        System.out.println("files: " + out.toAbsolutePath() + "/{accepted,review,rejected}.csv");
        return 0;
      }
    } catch (IllegalArgumentException e) {
      System.err.println("crm-import: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("crm-import: " + (e.getMessage() != null ? e.getMessage()
          : "failed (" + e.getClass().getSimpleName() + ")"));
      return 1;
    }
  }
}
