package io.github.mailvet.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Callback and hook targets: HTTPS to public addresses unless private callbacks are allowed. */
class CallbackUrlsTest {

  private final CallbackUrls strict = new CallbackUrls(new BridgeProperties());

  @Test
  void byDefaultOnlyHttpsToPublicAddressesIsAccepted() {
    assertThat(strict.refusal(URI.create("http://203.0.113.7/hook"))).contains("HTTPS");
    assertThat(strict.refusal(URI.create("https://127.0.0.1/hook"))).contains("non-public");
    assertThat(strict.refusal(URI.create("https://10.1.2.3/hook"))).contains("non-public");
    assertThat(strict.refusal(URI.create("https://169.254.169.254/latest"))).contains("non-public");
    assertThat(strict.refusal(URI.create("https://[::1]/hook"))).contains("non-public");
    assertThat(strict.refusal(URI.create("https://[64:ff9b::a00:1]/hook"))).contains("non-public");
    assertThat(strict.refusal(URI.create("https://user:pw@8.8.8.8/hook"))).contains("credentials");
    assertThat(strict.refusal(URI.create("ftp://8.8.8.8/x"))).contains("http(s)");
    assertThat(strict.refusal(URI.create("https://8.8.8.8/hook"))).isNull();
    assertThatThrownBy(() -> strict.check("http://127.0.0.1:9/x", "callback_url"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_request");
          assertThat(e.details()).containsEntry("field", "callback_url");
        });
  }

  @Test
  void allowPrivateCallbacksLetsTestsUseLoopback() {
    BridgeProperties p = new BridgeProperties();
    p.setAllowPrivateCallbacks(true);
    assertThat(new CallbackUrls(p).refusal(URI.create("http://127.0.0.1:8080/hook"))).isNull();
  }
}
