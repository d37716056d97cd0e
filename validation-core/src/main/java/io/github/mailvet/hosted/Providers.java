package io.github.mailvet.hosted;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The built-in adapters for the hosted services.
 *
 * <pre>{@code
 * HostedProvider apiddress = Providers.builder("apiddress")
 *     .apiKey(System.getenv("APIDDRESS_API_KEY"))
 *     .build();
 * HostedProvider fromEnv = Providers.fromEnvironment("killbounce").orElseThrow();
 * }</pre>
 *
 * <table>
 * <caption>Adapters</caption>
 * <tr><th>id</th><th>service</th><th>key variable</th><th>bulk</th></tr>
 * <tr><td>{@code apiddress}</td><td>APIddress</td><td>{@code APIDDRESS_API_KEY}</td>
 *     <td>{@code validate-emails}, 100 per request</td></tr>
 * <tr><td>{@code validmail}</td><td>ValidMail (JSON mapping preset)</td>
 *     <td>{@code VALIDMAIL_API_KEY}</td><td>none</td></tr>
 * <tr><td>{@code killbounce}</td><td>KillBounce</td><td>{@code KILLBOUNCE_API_KEY}</td>
 *     <td>none used (its bulk jobs return results by callback only)</td></tr>
 * <tr><td>{@code checkdisposable}</td><td>CheckDisposable (disposable check only)</td>
 *     <td>{@code CHECKDISPOSABLE_API_KEY}</td><td>none</td></tr>
 * <tr><td>{@code mailerio}</td><td>Mailerio (JSON mapping preset; base URL and path must be
 *     configured)</td><td>{@code MAILERIO_API_KEY}</td><td>none</td></tr>
 * </table>
 */
public final class Providers {

  /** The ids of the built-in adapters. */
  public static final List<String> IDS = List.of("apiddress", "validmail", "killbounce",
      "checkdisposable", "mailerio");

  private static final Map<String, String> KEY_VARIABLES = Map.of(
      "apiddress", "APIDDRESS_API_KEY", "validmail", "VALIDMAIL_API_KEY",
      "killbounce", "KILLBOUNCE_API_KEY", "checkdisposable", "CHECKDISPOSABLE_API_KEY",
      "mailerio", "MAILERIO_API_KEY");

  private Providers() {
  }

  /** A builder for the built-in adapter with this id (see {@link #IDS}). */
  public static Builder builder(String id) {
    Objects.requireNonNull(id, "id");
    if (!IDS.contains(id)) {
      throw new IllegalArgumentException("unknown provider '" + id + "'; built in: " + IDS);
    }
    return new Builder(id);
  }

  /** The environment variable an adapter's key is read from ({@code APIDDRESS_API_KEY}, ...). */
  public static String keyVariable(String id) {
    String v = KEY_VARIABLES.get(id);
    if (v == null) {
      throw new IllegalArgumentException("unknown provider '" + id + "'; built in: " + IDS);
    }
    return v;
  }

  /**
   * The adapter with its key from the environment ({@link #keyVariable(String)}), or empty when
   * the variable is not set.
   */
  public static Optional<Builder> fromEnvironment(String id) {
    String key = System.getenv(keyVariable(id));
    return key == null || key.isBlank() ? Optional.empty()
        : Optional.of(builder(id).apiKey(key.strip()));
  }

  /**
   * Like {@link #fromEnvironment(String)}, for code that cannot run without the key: throws an
   * {@link IllegalStateException} naming the variable to set (e.g. "APIDDRESS_API_KEY is not
   * set: the API key of apiddress") when it is missing or blank. The key itself is never in a
   * message.
   */
  public static Builder requireEnvironment(String id) {
    return fromEnvironment(id).orElseThrow(() -> new IllegalStateException(keyVariable(id)
        + " is not set: the API key of " + id));
  }

  /** Settings of a built-in adapter. */
  public static final class Builder {
    final String id;
    @Nullable String apiKey;
    @Nullable String baseUrl;
    Duration timeout = Duration.ofSeconds(10);
    @Nullable OkHttpClient client;
    Clock clock = Clock.systemUTC();
    @Nullable JsonMapping mapping;

    private Builder(String id) {
      this.id = id;
    }

    /** The API key (read it from the environment or a secret store, never from code). */
    public Builder apiKey(String value) {
      Objects.requireNonNull(value, "apiKey");
      if (value.isBlank() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new IllegalArgumentException(id + ": the API key is blank or has characters"
            + " that cannot go into an HTTP header");
      }
      this.apiKey = value;
      return this;
    }

    /** Another base URL (a regional endpoint, a proxy, a test stub). */
    public Builder baseUrl(String value) {
      this.baseUrl = Objects.requireNonNull(value, "baseUrl");
      return this;
    }

    /** Time for one whole request, connect to last byte (default 10 s). */
    public Builder timeout(Duration value) {
      this.timeout = io.github.mailvet.internal.Args.positive(value, "timeout");
      return this;
    }

    /** An OkHttp client to share connection pools and dispatcher with (optional). */
    public Builder httpClient(OkHttpClient value) {
      this.client = Objects.requireNonNull(value, "httpClient");
      return this;
    }

    /** The clock for quota resets (tests). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The field mapping of a JSON-mapping adapter ({@code validmail}, {@code mailerio});
     * defaults to {@link JsonMapping#validMail()} / {@link JsonMapping#mailerio()}.
     */
    public Builder mapping(JsonMapping value) {
      this.mapping = Objects.requireNonNull(value, "mapping");
      return this;
    }

    /** The adapter. */
    public HostedProvider build() {
      if (apiKey == null) {
        throw new IllegalStateException(id + ": no API key; set " + keyVariable(id));
      }
      return switch (id) {
        case "apiddress" -> new ApiddressProvider(this);
        case "killbounce" -> new KillBounceProvider(this);
        case "checkdisposable" -> new CheckDisposableProvider(this);
        case "validmail" -> new JsonMappingProvider(this,
            mapping != null ? mapping : JsonMapping.validMail());
        case "mailerio" -> {
          JsonMapping m = mapping != null ? mapping : JsonMapping.mailerio();
          if (baseUrl == null && m.defaultBaseUrl() == null) {
            throw new IllegalStateException("mailerio: its documentation names no endpoint;"
                + " configure the base URL (and the path in the mapping)");
          }
          yield new JsonMappingProvider(this, m);
        }
        default -> throw new IllegalStateException("unknown provider " + id);
      };
    }
  }
}
