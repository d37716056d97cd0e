package io.github.mailvet.samples.cli;

import io.github.mailvet.hosted.HostedProvider;
import io.github.mailvet.hosted.ProviderUsage;
import io.github.mailvet.hosted.Providers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code --provider} and {@code --provider-url}; keys come from the environment only. */
final class ProviderOptions {

  @Option(names = "--provider", paramLabel = "ID",
      description = "A hosted provider (apiddress, validmail, killbounce, checkdisposable,"
          + " mailerio); repeat for a failover chain, in order. Its key is read from"
          + " APIDDRESS_API_KEY, VALIDMAIL_API_KEY, KILLBOUNCE_API_KEY,"
          + " CHECKDISPOSABLE_API_KEY or MAILERIO_API_KEY.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--provider-url", paramLabel = "ID=URL",
      description = "Another base URL for a provider (a proxy, a stub); required for mailerio.")
  Map<String, String> urls = new LinkedHashMap<>();

  Function<String, String> env = System::getenv;

  /** The providers, in order; a usage error for a missing key or an unknown id. */
  List<HostedProvider> build() {
    List<HostedProvider> out = new ArrayList<>();
    for (String u : urls.keySet()) {
      if (!ids.contains(u)) {
        throw new IllegalArgumentException("--provider-url names '" + u
            + "', which is not a --provider");
      }
    }
    for (String id : ids) {
      if (!Providers.IDS.contains(id)) {
        throw new IllegalArgumentException("unknown --provider '" + id + "'; choose one of "
            + Providers.IDS);
      }
      String variable = Providers.keyVariable(id);
      String key = env.apply(variable);
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("--provider " + id + " needs its key in the"
            + " environment variable " + variable);
      }
      Providers.Builder b = Providers.builder(id).apiKey(key.strip());
      String url = urls.get(id);
      if (url != null) {
        b.baseUrl(url);
      }
      try {
        out.add(b.build());
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage()
            + " (--provider-url " + id + "=URL)", e);
      }
    }
    return out;
  }

  /** One provider's ledger as a line for standard error. */
  static String ledgerLine(ProviderUsage u) {
    return "mailvet: " + u.provider() + " " + u.month() + ": " + u.requests() + " requests, "
        + u.credits() + " credits, " + u.answers() + " answers, " + u.cacheHits()
        + " from cache, errors " + u.errors() + ", remaining "
        + (u.remaining() == null ? "unknown" : u.remaining()) + ", " + u.state()
        + (u.suspendedUntil() == null ? "" : " until " + u.suspendedUntil());
  }
}
