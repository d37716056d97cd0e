package io.github.mailvet.samples.cli;

import io.github.mailvet.Mailvet;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.HostedProvider;
import io.github.mailvet.hosted.ProviderUsage;
import io.github.mailvet.hosted.Quota;
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
 * <p>Exit codes: 0 when it ran (whatever the verdicts), 2 for usage errors.
 */
@Command(name = "mailvet", mixinStandardHelpOptions = true, version = "mailvet 0.1.0-SNAPSHOT",
    description = "Should I accept this email address? Explainable verification for Java.",
    subcommands = {MailvetCli.Check.class, MailvetCli.Usage.class})
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
    check.providers.env = env;
    usage.providers.env = env;
    check.stdin = in;
    check.terminal = terminal;
    // usage errors: one line and exit 2, never a stack trace
    cl.setParameterExceptionHandler((ex, a) -> {
      String sub = ex.getCommandLine().getCommandName();
      err.println("mailvet: " + ex.getMessage() + " (see 'mailvet "
          + (sub.equals("mailvet") ? "" : sub + " ") + "--help')");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof IllegalArgumentException) {
        err.println("mailvet: " + ex.getMessage());
        return 2;
      }
      err.println("mailvet: " + ex);
      return 1;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Output formats. */
  enum Format { AUTO, TABLE, JSON }

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
        description = "table, json (one JSON object per line) or auto (table on a terminal,"
            + " json otherwise). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--offline", description = "Run only the offline stages: no network at all.")
    boolean offline;

    @Option(names = "--profile", paramLabel = "NAME",
        description = "Apply a profile and add decision and rule: default, signup, b2b,"
            + " newsletter.")
    String profile;

    @Option(names = "--syntax", paramLabel = "POLICY", defaultValue = "practical",
        description = "Syntax policy: practical, rfc5321 or rfc5322. Default: ${DEFAULT-VALUE}.")
    String syntax;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
        description = "A DNS server to ask (repeatable; default: the system's resolvers).")
    List<String> dnsServers = new java.util.ArrayList<>();

    @Option(names = "--dns-timeout", paramLabel = "MS", defaultValue = "3000",
        description = "Timeout of one DNS query attempt in milliseconds. Default: ${DEFAULT-VALUE}.")
    long dnsTimeoutMs;

    @Option(names = "--smtp", description = "Also ask the mail servers (port 25) whether the"
        + " mailbox exists. Needs outbound port 25 and a --helo name that matches your IP.")
    boolean smtp;

    @Option(names = "--smtp-port", paramLabel = "N", defaultValue = "25",
        description = "The SMTP port. Default: ${DEFAULT-VALUE}.")
    int smtpPort;

    @Option(names = "--helo", paramLabel = "NAME",
        description = "The EHLO name (default: this machine's host name).")
    String helo;

    @Option(names = "--mail-from", paramLabel = "ADDR", defaultValue = "",
        description = "The MAIL FROM address (default: the null sender <>).")
    String mailFrom;

    @Option(names = "--allow-private-mx",
        description = "Allow SMTP to MX hosts at loopback or private addresses.")
    boolean allowPrivateMx;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1000",
        description = "Verifications in flight at once for stdin input; addresses of a domain"
            + " within this window share DNS and SMTP work. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--test-mode",
        description = "Deterministic answers for <scenario>.mailvet.test addresses.")
    boolean testMode;

    @Option(names = "--mode", paramLabel = "MODE",
        description = "When to ask hosted providers: local (never), hosted-first, escalate"
            + " (only when the local answer is unknown). Default: hosted-first when --provider"
            + " is given, else local.")
    String mode;

    @CommandLine.Mixin
    ProviderOptions providers = new ProviderOptions();

    InputStream stdin = System.in;
    boolean terminal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Format fmt = parseEnum(Format.class, format, "--format");
      Syntax policy = parseEnum(Syntax.class, syntax, "--syntax");
      if (dnsTimeoutMs < 1) {
        throw new IllegalArgumentException("--dns-timeout must be a positive number of"
            + " milliseconds: " + dnsTimeoutMs);
      }
      Mailvet.Builder b = Mailvet.builder().offline(offline).testMode(testMode)
          .dnsServers(dnsServers).dnsTimeout(java.time.Duration.ofMillis(dnsTimeoutMs))
          .concurrency(concurrency)
          .smtp(smtp).smtpPort(smtpPort).mailFrom(mailFrom).allowPrivateMx(allowPrivateMx)
          .syntaxPolicy(switch (policy) {
            case PRACTICAL -> SyntaxPolicy.PRACTICAL;
            case RFC5321 -> SyntaxPolicy.RFC5321;
            case RFC5322 -> SyntaxPolicy.RFC5322_LENIENT;
          });
      if (helo != null) {
        b.heloName(helo);
      }
      List<HostedProvider> hosted = providers.build();
      Hosted.Mode m = mode != null ? Hosted.Mode.parse(mode)
          : hosted.isEmpty() ? Hosted.Mode.LOCAL : Hosted.Mode.HOSTED_FIRST;
      if (m != Hosted.Mode.LOCAL && hosted.isEmpty()) {
        throw new IllegalArgumentException("--mode " + mode + " needs at least one --provider");
      }
      if (!hosted.isEmpty()) {
        Hosted.Builder hb = Hosted.builder().mode(m).checkSmtp(smtp);
        hosted.forEach(hb::provider);
        b.hosted(hb.build());
      }
      if (profile != null) {
        b.profile(Profile.builtIn(profile).orElseThrow(() -> new IllegalArgumentException(
            "unknown profile '" + profile + "'; choose one of " + Profile.builtInNames())));
      }
      try (Mailvet mailvet = b.build()) {
        return check(mailvet, fmt);
      }
    }

    private int check(Mailvet mailvet, Format fmt) {
      boolean json = fmt == Format.JSON || (fmt == Format.AUTO && !terminal);
      PrintWriter out = spec.commandLine().getOut();
      Stream<String> inputs = addresses.size() == 1 && addresses.get(0).equals("-")
          ? stdinLines() : addresses.stream();
      TableWriter table = json ? null : new TableWriter(out, profile != null);
      try (Stream<VerificationResult> results = mailvet.verifyAll(inputs)) {
        results.forEach(r -> {
          if (json) {
            out.println(r.toJson());
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
      return 0;
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

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option) {
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
}
