package io.github.mailvet.camel;

import io.github.mailvet.Mailvet;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.jspecify.annotations.Nullable;

/**
 * The {@code mailvet} component. The engine is the registry's {@link Mailvet} bean when there is
 * one (the Spring Boot starter's, say), else one the component builds with the defaults.
 */
@Component("mailvet")
public class MailvetComponent extends DefaultComponent {

  @Metadata(autowired = true, description = "The engine; by default the registry's Mailvet bean,"
      + " or one built with the defaults.")
  private @Nullable Mailvet mailvet;

  private @Nullable Mailvet owned;

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
      throws Exception {
    MailvetEndpoint endpoint = new MailvetEndpoint(uri, this);
    endpoint.setOperation(remaining);
    setProperties(endpoint, parameters);
    return endpoint;
  }

  /** The engine. */
  public @Nullable Mailvet getMailvet() {
    return mailvet;
  }

  /** Sets the engine. */
  public void setMailvet(@Nullable Mailvet mailvet) {
    this.mailvet = mailvet;
  }

  /** The engine in use: the configured one, else a default one owned by the component. */
  synchronized Mailvet engine() {
    if (mailvet != null) {
      return mailvet;
    }
    if (owned == null) {
      owned = Mailvet.create();
    }
    return owned;
  }

  @Override
  protected synchronized void doStop() throws Exception {
    if (owned != null) {
      owned.close();
      owned = null;
    }
    super.doStop();
  }
}
