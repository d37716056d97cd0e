package io.github.mailvet.bridge;

import io.github.mailvet.dns.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Where the bridge may POST: callbacks and hooks must be HTTPS to public addresses (the engine's
 * SSRF guard, {@link PublicAddresses}), checked when the URL is given and again before every
 * delivery (a name may resolve elsewhere later). {@code --allow-private-callbacks} lifts both
 * rules for tests and intranets.
 */
@Component
class CallbackUrls {

  private final boolean allowPrivate;

  CallbackUrls(BridgeProperties settings) {
    this.allowPrivate = settings.isAllowPrivateCallbacks();
  }

  /** The URL, if acceptable; else {@code invalid_request} naming the field. */
  URI check(String url, String field) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiException.invalid(field, field + " is not a URL");
    }
    String why = refusal(uri);
    if (why != null) {
      throw ApiException.invalid(field, field + ": " + why);
    }
    return uri;
  }

  /** Why the bridge will not POST to this URL now, or null when it will. */
  String refusal(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      return "must be an absolute http(s) URL";
    }
    if (uri.getUserInfo() != null) {
      return "must not carry credentials";
    }
    if (allowPrivate) {
      return null;
    }
    if (!scheme.equals("https")) {
      return "must use HTTPS";
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
        if (!PublicAddresses.isPublic(a)) {
          return "resolves to a non-public address (" + a.getHostAddress() + ")";
        }
      }
    } catch (UnknownHostException e) {
      return "the host does not resolve";
    }
    return null;
  }
}
