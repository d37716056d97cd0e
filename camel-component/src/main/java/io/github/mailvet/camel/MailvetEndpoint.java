package io.github.mailvet.camel;

import io.github.mailvet.Decision;
import io.github.mailvet.Mailvet;
import io.github.mailvet.Profile;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.Providers;
import java.util.Locale;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the email address of each exchange with mailvet: syntax, disposable / free / role
 * detection, typo suggestions, DNS/MX, optional SMTP probe and hosted providers, and puts the
 * result in {@code CamelMailvet*} headers, into the body's fields, or as the body.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "mailvet", title = "Mailvet",
    syntax = "mailvet:operation", producerOnly = true,
    category = {Category.VALIDATION}, headersClass = MailvetConstants.class)
public class MailvetEndpoint extends DefaultEndpoint {

  @UriPath(enums = "verify", description = "The operation: verify.")
  @Metadata(required = true)
  private String operation;

  @UriParam(description = "Read the address from this header instead of the body.")
  private @Nullable String emailHeader;

  @UriParam(defaultValue = "email", description = "The field holding the address when the body"
      + " is a Map, a POJO or record (property name), or a List (index).")
  private String emailField = "email";

  @UriParam(enums = "default,signup,b2b,newsletter", description = "A built-in profile whose"
      + " decision applies.")
  private @Nullable String profile;

  @UriParam(defaultValue = "true", description = "Whether to run the SMTP probe when the engine"
      + " has SMTP on; false skips it for this endpoint.")
  private boolean smtp = true;

  @UriParam(defaultValue = "false", description = "Whether to use an offline engine of this"
      + " endpoint's own: no DNS, SMTP or providers.")
  private boolean offline;

  @UriParam(description = "Hosted delegation for an engine of this endpoint's own, with the"
      + " providers given in providers (local, hosted-first or escalate).")
  private Hosted.@Nullable Mode mode;

  @UriParam(description = "Comma-separated hosted providers in failover order (apiddress,"
      + " validmail, killbounce, checkdisposable), keys from their environment variables.")
  private @Nullable String providers;

  @UriParam(description = "Time budget in milliseconds; a result not ready by then counts as"
      + " unknown. 0: none.", defaultValue = "0")
  private long timeout;

  @UriParam(description = "The decision for unknown results (DNS down, time budget used up):"
      + " accept, review or reject; by default the profile's, or review.")
  private @Nullable Decision onUnknown;

  @UriParam(defaultValue = "HEADERS", description = "Where the result goes: HEADERS, ENRICH"
      + " (flat fields added to a Map body) or RESULT (the body becomes the result).")
  private MailvetOutput output = MailvetOutput.HEADERS;

  @UriParam(defaultValue = "false", description = "Whether the body is a list of items (an"
      + " aggregated batch) verified together through the engine's bulk path.")
  private boolean batch;

  @UriParam(defaultValue = "mailvet_", description = "The prefix of the fields ENRICH adds.")
  private String fieldPrefix = "mailvet_";

  private @Nullable Mailvet own;

  MailvetEndpoint(String uri, MailvetComponent component) {
    super(uri, component);
  }

  @Override
  public Producer createProducer() throws Exception {
    if (!"verify".equals(operation)) {
      throw new IllegalArgumentException("mailvet:" + operation
          + ": unknown operation (expected mailvet:verify)");
    }
    resolvedProfile(); // an unknown profile fails when the route starts, not per message
    engine(); // so do bad hosted options (no provider, a missing key)
    return new MailvetProducer(this);
  }

  @Override
  public Consumer createConsumer(Processor processor) {
    throw new UnsupportedOperationException("mailvet endpoints only take messages (producer)");
  }

  @Override
  public boolean isLenientProperties() {
    return false;
  }

  /** The engine: this endpoint's own (offline or hosted options given), else the component's. */
  synchronized Mailvet engine() {
    if (own != null) {
      return own;
    }
    if (!offline && mode == null) {
      return ((MailvetComponent) getComponent()).engine();
    }
    // derived from the component's engine: its lists, profiles, resolver and prober are kept
    Mailvet base = ((MailvetComponent) getComponent()).engine();
    Mailvet.Builder b = base.newBuilder().offline(offline);
    if (offline) {
      b.smtp(false);
    }
    if (mode != null) {
      Hosted.Builder h = Hosted.builder().mode(mode);
      if (providers != null) {
        for (String id : providers.split(",")) {
          String p = id.strip();
          if (!p.isEmpty()) {
            h.provider(Providers.fromEnvironment(p).orElseThrow(() ->
                new IllegalArgumentException("mailvet: provider " + p + " needs its key in "
                    + Providers.keyVariable(p))).build());
          }
        }
      }
      b.hosted(h.build());
    }
    own = b.build();
    return own;
  }

  @Override
  protected synchronized void doStop() throws Exception {
    if (own != null) {
      own.close();
      own = null;
    }
    super.doStop();
  }

  /** The profile named by {@link #getProfile()}, if built in. */
  @Nullable Profile resolvedProfile() {
    if (profile == null) {
      return null;
    }
    return Profile.builtIn(profile.toLowerCase(Locale.ROOT)).orElseThrow(() ->
        new IllegalArgumentException("mailvet: unknown profile '" + profile + "'; built in: "
            + Profile.builtInNames()));
  }

  public String getOperation() {
    return operation;
  }

  /** The operation: verify. */
  public void setOperation(String operation) {
    this.operation = operation;
  }

  public @Nullable String getEmailHeader() {
    return emailHeader;
  }

  /** Read the address from this header instead of the body. */
  public void setEmailHeader(@Nullable String emailHeader) {
    this.emailHeader = emailHeader;
  }

  public String getEmailField() {
    return emailField;
  }

  /** The field holding the address in a Map, POJO, record or List body. */
  public void setEmailField(String emailField) {
    this.emailField = emailField;
  }

  public @Nullable String getProfile() {
    return profile;
  }

  /** A built-in profile whose decision applies. */
  public void setProfile(@Nullable String profile) {
    this.profile = profile;
  }

  public boolean isSmtp() {
    return smtp;
  }

  /** Whether to run the SMTP probe when the engine has SMTP on. */
  public void setSmtp(boolean smtp) {
    this.smtp = smtp;
  }

  public boolean isOffline() {
    return offline;
  }

  /** Whether to use an offline engine of this endpoint's own. */
  public void setOffline(boolean offline) {
    this.offline = offline;
  }

  public Hosted.@Nullable Mode getMode() {
    return mode;
  }

  /** Hosted delegation for an engine of this endpoint's own. */
  public void setMode(Hosted.@Nullable Mode mode) {
    this.mode = mode;
  }

  public @Nullable String getProviders() {
    return providers;
  }

  /** Comma-separated hosted providers in failover order. */
  public void setProviders(@Nullable String providers) {
    this.providers = providers;
  }

  public long getTimeout() {
    return timeout;
  }

  /** Time budget in milliseconds; 0: none. */
  public void setTimeout(long timeout) {
    this.timeout = timeout;
  }

  public @Nullable Decision getOnUnknown() {
    return onUnknown;
  }

  /** The decision for unknown results: accept, review or reject. */
  public void setOnUnknown(@Nullable Decision onUnknown) {
    this.onUnknown = onUnknown;
  }

  public MailvetOutput getOutput() {
    return output;
  }

  /** Where the result goes. */
  public void setOutput(MailvetOutput output) {
    this.output = output;
  }

  public boolean isBatch() {
    return batch;
  }

  /** Whether the body is a list of items verified together. */
  public void setBatch(boolean batch) {
    this.batch = batch;
  }

  public String getFieldPrefix() {
    return fieldPrefix;
  }

  /** The prefix of the fields ENRICH adds. */
  public void setFieldPrefix(String fieldPrefix) {
    this.fieldPrefix = fieldPrefix;
  }
}
