package io.github.mailvet.bridge;

import io.github.mailvet.hosted.Providers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./mailvet serve} and {@code ./mailvet keys ...}: the bridge's command line. Options
 * become the Spring properties of the starter ({@code mailvet.*}) and of the bridge
 * ({@code mailvet.bridge.*}); any {@code --name=value} the command does not know is handed to
 * Spring as it is.
 */
@Command(name = "mailvet", mixinStandardHelpOptions = true, version = "mailvet bridge 0.1.0",
    subcommands = {BridgeMain.Serve.class, BridgeMain.KeysCommand.class})
public final class BridgeMain {

  static final JsonMapper JSON = JsonMapper.builder().build();

  public static void main(String[] args) {
    int code = new CommandLine(new BridgeMain()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cmd.getErr().println("mailvet: " + e.getMessage());
            return 2;
          }
          throw e;
        }).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Where the data is: {@code --db-url}, or the embedded default in {@code --data}. */
  static class Store {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "mailvet-data",
        description = "The embedded database's folder. Default: ./mailvet-data")
    Path data = Path.of("mailvet-data");

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
        description = "A PostgreSQL of your own, e.g. jdbc:postgresql://db:5432/mailvet?user=u"
            + "&password=p, instead of the embedded default.")
    @Nullable String dbUrl;

    String describe() {
      return dbUrl != null ? "PostgreSQL " + dbUrl.replaceAll("password=[^&]*", "password=***")
          : "embedded PostgreSQL in " + data.toAbsolutePath().normalize();
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Run the HTTP API (APIddress-compatible, base /api/v1) and its workers.")
  static final class Serve implements Callable<Integer> {

    @CommandLine.Mixin
    Store store = new Store();

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port. Default: 8080.")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
        description = "The address to listen on. Default: all interfaces.")
    String bind = "0.0.0.0";

    @Option(names = "--offline", description = "Run only the offline stages: no DNS, no SMTP.")
    boolean offline;

    @Option(names = "--smtp", description = "Let requests with check_smtp ask mail servers"
        + " (port 25) whether the mailbox exists.")
    boolean smtp;

    @Option(names = "--smtp-port", paramLabel = "N", description = "The SMTP port.")
    @Nullable Integer smtpPort;

    @Option(names = "--helo", paramLabel = "NAME", description = "The EHLO name.")
    @Nullable String helo;

    @Option(names = "--mail-from", paramLabel = "ADDR", description = "The MAIL FROM address.")
    @Nullable String mailFrom;

    @Option(names = "--allow-private-mx",
        description = "Allow SMTP to MX hosts at loopback or private addresses.")
    boolean allowPrivateMx;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
        description = "A DNS server to ask (repeatable; default: the system's resolvers).")
    List<String> dnsServers = new ArrayList<>();

    @Option(names = "--dns-timeout", paramLabel = "MS", description = "DNS query timeout.")
    @Nullable Long dnsTimeout;

    @Option(names = "--profile", paramLabel = "NAME",
        description = "The profile of keys that name none: default, signup, b2b, newsletter or"
            + " one under mailvet.profiles.")
    @Nullable String profile;

    @Option(names = "--provider", paramLabel = "ID", description = "A hosted provider behind"
        + " the bridge (repeatable, failover order); its key from the environment.")
    List<String> providers = new ArrayList<>();

    @Option(names = "--provider-url", paramLabel = "ID=URL",
        description = "Another base URL for a provider.")
    Map<String, String> providerUrls = new LinkedHashMap<>();

    @Option(names = "--mode", paramLabel = "MODE",
        description = "local, hosted-first or escalate. Default: hosted-first with --provider.")
    @Nullable String mode;

    @Option(names = "--allow-private-callbacks", description = "Let callbacks and hooks target"
        + " loopback or private addresses over plain HTTP (tests, intranets).")
    boolean allowPrivateCallbacks;

    @Option(names = "--retention-days", paramLabel = "N", description = "Days stored addresses"
        + " and results are kept. Default: 30.")
    @Nullable Integer retentionDays;

    @CommandLine.Unmatched
    List<String> spring = new ArrayList<>();

    @Override
    public Integer call() {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("server.port", port);
      p.put("server.address", bind);
      p.put("mailvet.offline", offline);
      p.put("mailvet.smtp.enabled", smtp && !offline);
      put(p, "mailvet.smtp.port", smtpPort);
      put(p, "mailvet.smtp.helo-name", helo);
      put(p, "mailvet.smtp.mail-from", mailFrom);
      p.put("mailvet.smtp.allow-private-mx", allowPrivateMx);
      if (!dnsServers.isEmpty()) {
        p.put("mailvet.dns.servers", String.join(",", dnsServers));
      }
      if (dnsTimeout != null) {
        p.put("mailvet.dns.timeout", Duration.ofMillis(dnsTimeout).toString());
      }
      put(p, "mailvet.profile", profile);
      for (String id : providers) {
        if (!Providers.IDS.contains(id)) {
          throw new IllegalArgumentException("unknown --provider '" + id + "'; choose one of "
              + Providers.IDS);
        }
        String variable = Providers.keyVariable(id);
        String key = System.getenv(variable);
        if (key == null || key.isBlank()) {
          throw new IllegalArgumentException("--provider " + id + " needs its key in "
              + variable);
        }
        p.put("mailvet.hosted.providers." + id + ".api-key", key.strip());
        put(p, "mailvet.hosted.providers." + id + ".base-url", providerUrls.get(id));
      }
      if (!providers.isEmpty() || mode != null) {
        p.put("mailvet.hosted.mode", mode != null ? mode : "hosted-first");
      }
      p.put("mailvet.bridge.allow-private-callbacks", allowPrivateCallbacks);
      if (retentionDays != null) {
        p.put("mailvet.bridge.retention", Duration.ofDays(retentionDays).toString());
      }
      EmbeddedDatabase embedded = null;
      if (store.dbUrl != null) {
        p.put("spring.datasource.url", store.dbUrl);
      } else {
        embedded = EmbeddedDatabase.open(store.data, true);
        p.put("spring.datasource.url", embedded.jdbcUrl());
      }
      SpringApplication app = new SpringApplication(BridgeApplication.class);
      app.setDefaultProperties(p);
      app.setRegisterShutdownHook(false);
      ConfigurableApplicationContext context;
      try {
        context = app.run(spring.toArray(String[]::new));
      } catch (RuntimeException e) {
        if (embedded != null) {
          embedded.close();
        }
        throw e;
      }
      EmbeddedDatabase db = embedded;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        context.close();
        if (db != null) {
          db.close();
        }
      }, "mailvet-bridge-shutdown"));
      System.err.println("mailvet: bridge on http://" + bind + ":" + port + "/api/v1 ("
          + store.describe() + ")");
      return 0;
    }

    private static void put(Map<String, Object> p, String name, @Nullable Object value) {
      if (value != null) {
        p.put(name, value);
      }
    }
  }

  @Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys.",
      subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class,
          KeysCommand.Revoke.class})
  static final class KeysCommand {

    /** Runs with the key table of the store: migrated, attached or started for the command. */
    static <T> T withKeys(Store store, java.util.function.Function<Keys, T> work) {
      EmbeddedDatabase embedded = store.dbUrl == null
          ? EmbeddedDatabase.open(store.data, false) : null;
      try {
        String url = store.dbUrl != null ? store.dbUrl : embedded.jdbcUrl();
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return work.apply(new Keys(JdbcClient.create(ds), new BridgeProperties(),
            Clock.systemUTC()));
      } finally {
        if (embedded != null) {
          embedded.close();
        }
      }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key and"
        + " print it, with its webhook secret, as one JSON line. They are shown this once.")
    static final class Create implements Callable<Integer> {
      @CommandLine.Mixin
      Store store = new Store();

      @Option(names = "--name", required = true, description = "Who or what the key is for.")
      String name = "";

      @Option(names = "--email", description = "A contact address, shown by /me.")
      @Nullable String email;

      @Option(names = "--plan", defaultValue = "free",
          description = "free (2,000 a month), paid (50,000) or enterprise (250,000).")
      String plan = "free";

      @Option(names = "--monthly-limit", paramLabel = "N",
          description = "Validations a month, instead of the plan's.")
      @Nullable Long monthlyLimit;

      @Option(names = "--test", description = "A test key (mv_test_): test-mode answers, no"
          + " quota spent.")
      boolean test;

      @Option(names = "--profile", paramLabel = "NAME",
          description = "The key's default profile.")
      @Nullable String profile;

      @CommandLine.Spec
      CommandLine.Model.@Nullable CommandSpec spec;

      @Override
      public Integer call() {
        Keys.Created c = withKeys(store, k -> k.create(name, email, plan, monthlyLimit, test,
            profile));
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.key().id());
        n.put("key", c.rawKey());
        n.put("webhook_secret", c.key().webhookSecret());
        n.put("plan", c.key().plan());
        n.put("requests_limit", c.key().monthlyLimit());
        n.put("test", c.key().test());
        out(spec).println(JSON.writeValueAsString(n));
        return 0;
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "List keys, one JSON line each (never the key itself).")
    static final class ListKeys implements Callable<Integer> {
      @CommandLine.Mixin
      Store store = new Store();

      @CommandLine.Spec
      CommandLine.Model.@Nullable CommandSpec spec;

      @Override
      public Integer call() {
        List<ApiKey> all = withKeys(store, Keys::list);
        PrintWriter out = out(spec);
        for (ApiKey k : all) {
          ObjectNode n = JSON.createObjectNode();
          n.put("id", k.id());
          n.put("name", k.name());
          n.put("prefix", k.prefix());
          n.put("plan", k.plan());
          n.put("requests_limit", k.monthlyLimit());
          n.put("test", k.test());
          n.put("created_at", k.createdAt().toString());
          Instant revoked = k.revokedAt();
          n.put("revoked_at", revoked == null ? null : revoked.toString());
          out.println(JSON.writeValueAsString(n));
        }
        return 0;
      }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key.")
    static final class Revoke implements Callable<Integer> {
      @CommandLine.Mixin
      Store store = new Store();

      @Parameters(paramLabel = "ID", description = "The key's id (key_...).")
      String id = "";

      @CommandLine.Spec
      CommandLine.Model.@Nullable CommandSpec spec;

      @Override
      public Integer call() {
        boolean done = withKeys(store, k -> k.revoke(id));
        if (!done) {
          throw new IllegalArgumentException("no key " + id);
        }
        out(spec).println("{\"id\":\"" + id + "\",\"revoked\":true}");
        return 0;
      }
    }

    private static PrintWriter out(CommandLine.Model.@Nullable CommandSpec spec) {
      return spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    }
  }
}
