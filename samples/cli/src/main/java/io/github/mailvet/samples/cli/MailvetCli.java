package io.github.mailvet.samples.cli;

import io.github.mailvet.Mailvet;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.HostedProvider;
import io.github.mailvet.hosted.ProviderUsage;
import io.github.mailvet.hosted.Quota;
import io.github.mailvet.knowledge.KnowledgeBase;
import io.github.mailvet.Profile;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.address.SyntaxPolicy;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code ./mailvet} command line tool.
 *
 * <pre>
 * ./mailvet check ada@gmial.com info@example.org
 * ./mailvet check --format json --profile signup - &lt; addresses.txt
 * </pre>
 *
 * <p>Exit codes: 0 when it ran (whatever the verdicts, unless {@code --fail-on} names some), 1
 * when a {@code --fail-on} status occurred or the run failed, 2 for usage errors.
 */
@Command(name = "mailvet", mixinStandardHelpOptions = true, version = "mailvet 0.1.0-SNAPSHOT",
    description = "Should I accept this email address? Explainable verification for Java.",
    footer = {"", "The HTTP bridge (an APIddress-compatible service): ./mailvet serve --help,"
        + " ./mailvet keys --help."},
    subcommands = {MailvetCli.Check.class, MailvetCli.Clean.class, MailvetCli.Usage.class})
public final class MailvetCli implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Entry point. */
  public static void main(String[] args) {
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      // Netty's buffer allocators report to Java Flight Recorder by default; registering its
      // event types costs a cold run 80 ms of CPU, and a command line run is not recorded
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    if (args.length > 0 && (args[0].equals("check") || args[0].equals("clean"))) {
      // the bundled datasets load on a second thread while picocli reads the command line and
      // the engine is built: a tenth of a second off every run that verifies
      Thread preload = new Thread(KnowledgeBase::bundled, "mailvet-preload");
      preload.setDaemon(true);
      preload.start();
    }
    System.exit(run(args, System.in, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.console() != null));
  }

  /** Runs the tool with explicit streams. */
  static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err,
      boolean terminal) {
    return run(args, in, out, err, terminal, System::getenv);
  }

  /** Runs the tool with explicit streams and environment (tests). */
  static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err,
      boolean terminal, java.util.function.Function<String, String> env) {
    CommandLine cl = new CommandLine(new MailvetCli());
    cl.setOut(out);
    cl.setErr(err);
    Check check = cl.getSubcommands().get("check").getCommand();
    Usage usage = cl.getSubcommands().get("usage").getCommand();
    Clean clean = cl.getSubcommands().get("clean").getCommand();
    clean.terminal = terminal;
    clean.engine.providers.env = env;
    check.engine.providers.env = env;
    usage.providers.env = env;
    check.stdin = in;
    check.terminal = terminal;
    // usage errors: one line and exit 2, never a stack trace
    cl.setParameterExceptionHandler((ex, a) -> {
      String sub = ex.getCommandLine().getCommandName();
      String why = ex.getMessage();
      if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
        List<String> near = u.getSuggestions();
        why = (sub.equals("mailvet") ? "unknown command '" : "unknown option or argument '")
            + u.getUnmatched().get(0) + "'"
            + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?");
      }
      err.println("mailvet: " + why + " (see 'mailvet "
          + (sub.equals("mailvet") ? "" : sub + " ") + "--help')");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      err.println("mailvet: " + describe(ex));
      return ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
          ? 2 : 1;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** A failure in words: the file and what is wrong with it, never a class name or "null". */
  static String describe(Throwable ex) {
    Throwable t = ex;
    while ((t instanceof UncheckedIOException
        || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof java.nio.file.AccessDeniedException a) {
      return "cannot access " + a.getFile() + ": permission denied";
    }
    if (t instanceof java.nio.file.NoSuchFileException n) {
      return "no such file or directory: " + n.getFile();
    }
    if (t instanceof java.nio.file.NotDirectoryException n) {
      return n.getFile() + " is not a directory";
    }
    if (t instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " already exists and is not a directory";
    }
    if (t instanceof java.nio.file.FileSystemException f) {
      return "cannot use " + f.getFile() + (f.getReason() == null ? "" : ": " + f.getReason());
    }
    String m = t.getMessage();
    if (t instanceof java.io.IOException) {
      return "input/output error" + (m == null ? "" : ": " + m);
    }
    if ((t instanceof IllegalArgumentException || t instanceof IllegalStateException)
        && m != null) {
      return m;
    }
    return "unexpected error (" + t.getClass().getSimpleName() + ")" + (m == null ? "" : ": " + m);
  }

  /** Output formats. */
  enum Format { AUTO, TABLE, JSON, CSV }

  /** Syntax policies by name. */
  enum Syntax { PRACTICAL, RFC5321, RFC5322 }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Verify addresses given as arguments, or one per line on standard input"
          + " ('-').", "Results come out in input order; a bad line gets an invalid result and"
          + " the run goes on."})
  static final class Check implements Callable<Integer> {

    @Parameters(paramLabel = "ADDRESS", arity = "1..*",
        description = "Addresses to verify, or '-' to read them from standard input.")
    List<String> addresses;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
        description = "table, json (one JSON object per line, every check and the evidence),"
            + " csv (a header, then a row per address: the verdict without the evidence, for"
            + " large lists and spreadsheets) or auto (table on a terminal, json otherwise)."
            + " Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--fail-on", paramLabel = "STATUS", split = ",",
        description = "Exit with 1 when any result has one of these statuses (invalid,"
            + " disposable, risky, unknown, valid), as linters do; e.g. --fail-on"
            + " invalid,disposable.")
    List<String> failOn = new java.util.ArrayList<>();

    @CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    InputStream stdin = System.in;
    boolean terminal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Format fmt = parseEnum(Format.class, format, "--format");
      java.util.Set<io.github.mailvet.Status> failing = java.util.EnumSet.noneOf(
          io.github.mailvet.Status.class);
      for (String f : failOn) {
        failing.add(parseEnum(io.github.mailvet.Status.class, f.strip(), "--fail-on"));
      }
      try (Mailvet mailvet = engine.build()) {
        EngineOptions.warnIfResolverLies(mailvet, spec.commandLine().getErr());
        return check(mailvet, fmt, failing);
      }
    }

    private int check(Mailvet mailvet, Format fmt,
        java.util.Set<io.github.mailvet.Status> failing) {
      boolean[] failed = new boolean[1];
      boolean json = fmt == Format.JSON || (fmt == Format.AUTO && !terminal);
      PrintWriter out = spec.commandLine().getOut();
      Stream<String> inputs = addresses.size() == 1 && addresses.get(0).equals("-")
          ? stdinLines() : addresses.stream();
      TableWriter table = json || fmt == Format.CSV ? null
          : new TableWriter(out, engine.profile != null);
      CsvResults csv = fmt == Format.CSV ? new CsvResults(out) : null;
      try (Stream<VerificationResult> results = mailvet.verifyAll(inputs)) {
        results.forEach(r -> {
          failed[0] |= failing.contains(r.status());
          if (json) {
            out.println(r.toJson());
          } else if (csv != null) {
            csv.row(r);
          } else {
            table.row(r);
          }
        });
      } catch (UncheckedIOException e) {
        spec.commandLine().getErr().println("mailvet: cannot read standard input: "
            + e.getCause().getMessage());
        return 1;
      }
      out.flush();
      for (ProviderUsage u : mailvet.usage()) {
        spec.commandLine().getErr().println(ProviderOptions.ledgerLine(u));
      }
      return failed[0] ? 1 : 0;
    }

    private Stream<String> stdinLines() {
      // Malformed UTF-8 becomes U+FFFD (the decoder's REPLACE action), so binary input yields
      // invalid results instead of an exception.
      BufferedReader reader = new BufferedReader(
          new InputStreamReader(stdin, StandardCharsets.UTF_8), 1 << 16);
      return reader.lines().onClose(() -> {
        try {
          reader.close();
        } catch (java.io.IOException ignored) {
          // nothing to do: the stream is finished
        }
      });
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option) {
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        StringBuilder names = new StringBuilder();
        for (E c : type.getEnumConstants()) {
          names.append(names.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("invalid value for " + option + ": '" + value
            + "' (expected " + names + ")");
      }
    }
  }

  @Command(name = "usage", mixinStandardHelpOptions = true,
      description = {"Ask hosted providers' usage endpoints for plan, used and remaining quota.",
          "Keys come from environment variables (APIDDRESS_API_KEY, ...), never arguments."})
  static final class Usage implements Callable<Integer> {

    @CommandLine.Mixin
    ProviderOptions providers = new ProviderOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<HostedProvider> list = providers.build();
      if (list.isEmpty()) {
        throw new IllegalArgumentException("name at least one --provider");
      }
      PrintWriter out = spec.commandLine().getOut();
      int code = 0;
      for (HostedProvider p : list) {
        try (p) {
          java.util.Optional<Quota> q = p.usage().join();
          if (q.isEmpty()) {
            out.println(p.id() + ": no usage endpoint (its quota shows in response headers"
                + " and the ledger of a check run)");
            continue;
          }
          Quota u = q.get();
          out.println(p.id() + ": plan " + orDash(u.plan()) + ", limit " + orDash(u.limit())
              + ", used " + orDash(u.used()) + ", remaining " + orDash(u.remaining())
              + (u.resetAt() == null ? "" : ", resets " + u.resetAt()));
        } catch (java.util.concurrent.CompletionException e) {
          Throwable c = e.getCause() == null ? e : e.getCause();
          spec.commandLine().getErr().println("mailvet: " + c.getMessage());
          code = 1;
        }
      }
      out.flush();
      return code;
    }

    private static String orDash(@org.jspecify.annotations.Nullable Object v) {
      return v == null ? "-" : v.toString();
    }
  }

  @Command(name = "clean", mixinStandardHelpOptions = true,
      description = {"Sort a CSV of contacts into accepted.csv, review.csv and rejected.csv"
          + " (original columns plus mailvet's), with a summary.",
          "Every input row ends in exactly one file; rows that cannot be verified (empty"
              + " email, two addresses in a cell, broken quoting, bytes that are not UTF-8)"
              + " go to rejected.csv with the reason."})
  static final class Clean implements Callable<Integer> {

    @Parameters(paramLabel = "IN.csv", description = "The CSV file, with a header row.")
    java.nio.file.Path input;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Where the files go (default: mailvet-out/IN in the current directory,"
            + " never next to the input).")
    java.nio.file.Path out;

    @Option(names = "--column", paramLabel = "NAME",
        description = "The email column (default: detected from the header or the values).")
    String column;

    @Option(names = "--no-formula-escape",
        description = "Write cells that start with =, +, -, @, tab or CR as they are. By"
            + " default they get a leading ' so that a spreadsheet shows them as text instead of"
            + " running them as formulas (CSV injection).")
    boolean noFormulaEscape;

    // 10,000 rows verified together: a domain's rows within them share one DNS lookup and one
    // SMTP session however the file is sorted (the engine reads that far ahead), in a few MB
    @Option(names = "--batch", paramLabel = "N", defaultValue = "10000", hidden = true,
        description = "Rows verified together (the memory bound).")
    int batch;

    @CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    boolean terminal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter o = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (java.nio.file.Files.isDirectory(input)) {
        throw new IllegalArgumentException(input + " is a directory; name a CSV file");
      }
      if (!java.nio.file.Files.exists(input)) {
        throw new IllegalArgumentException("no such file: " + input);
      }
      if (!java.nio.file.Files.isReadable(input)) {
        throw new IllegalArgumentException("cannot read " + input + ": permission denied");
      }
      // Never next to the input: that may be a source tree (the bundled sample is).
      java.nio.file.Path dir = out != null ? out : defaultOut(input);
      try (Mailvet mailvet = engine.build();
          Progress progress = terminal ? new Progress(input) : null) {
        EngineOptions.warnIfResolverLies(mailvet, err);
        io.github.mailvet.samples.crm.CrmImport.Summary s =
            io.github.mailvet.samples.crm.CrmImport.run(
                new io.github.mailvet.samples.crm.CrmImport.Options(input, dir, column,
                    engine.profile, batch, !noFormulaEscape), mailvet,
                rows -> {
                  if (progress != null) {
                    progress.stepTo(rows);
                  }
                });
        if (progress != null) {
          progress.finish(); // the bar's last line before the summary
        }
        o.print(s.text());
        o.println("files: " + dir.resolve("accepted.csv") + ", " + dir.resolve("review.csv")
            + ", " + dir.resolve("rejected.csv"));
        o.flush();
        for (ProviderUsage u : mailvet.usage()) {
          err.println(ProviderOptions.ledgerLine(u));
        }
        return 0;
      }
    }
  }

  /** Where {@code clean} writes without {@code --out}: {@code mailvet-out/NAME}, relative. */
  static java.nio.file.Path defaultOut(java.nio.file.Path input) {
    return java.nio.file.Path.of("mailvet-out",
        input.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
  }

  /** A progress bar on standard error: rows, rows/s and ETA (rows counted up front). */
  static final class Progress implements AutoCloseable {
    private final me.tongfei.progressbar.ProgressBar bar;
    private boolean closed;

    Progress(java.nio.file.Path input) throws java.io.IOException {
      long lines = 0;
      try (InputStream in = new java.io.BufferedInputStream(
          java.nio.file.Files.newInputStream(input), 1 << 16)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              lines++;
            }
          }
        }
      }
      this.bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("mailvet clean")
          .setInitialMax(Math.max(1, lines - 1)).setUnit(" rows", 1).showSpeed()
          .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
          .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
          .build();
    }

    void stepTo(long rows) {
      bar.stepTo(rows);
    }

    /** Ends the bar (once; closing it again does nothing). */
    void finish() {
      if (!closed) {
        closed = true;
        bar.close();
      }
    }

    @Override
    public void close() {
      finish();
    }
  }
}
