package io.github.mailvet.dns;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Identifies well-known mailbox providers and mail gateways from MX host names. */
final class MailProviders {

  /** MX host suffix to provider, checked in order. */
  private static final List<Map.Entry<String, String>> SUFFIXES = List.of(
      Map.entry(".google.com", "google.com"),
      Map.entry(".googlemail.com", "google.com"),
      Map.entry(".mail.protection.outlook.com", "microsoft.com"),
      Map.entry(".olc.protection.outlook.com", "microsoft.com"),
      Map.entry(".outlook.com", "microsoft.com"),
      Map.entry(".hotmail.com", "microsoft.com"),
      Map.entry(".yahoodns.net", "yahoo.com"),
      Map.entry(".zoho.com", "zoho.com"),
      Map.entry(".zoho.eu", "zoho.com"),
      Map.entry(".zoho.in", "zoho.com"),
      Map.entry(".protonmail.ch", "proton.me"),
      Map.entry(".messagingengine.com", "fastmail.com"),
      Map.entry(".icloud.com", "apple.com"),
      Map.entry(".yandex.net", "yandex.ru"),
      Map.entry(".yandex.ru", "yandex.ru"),
      Map.entry(".mail.ru", "mail.ru"),
      Map.entry(".qq.com", "tencent.com"),
      Map.entry(".gmx.net", "gmx.net"),
      Map.entry(".web.de", "web.de"),
      Map.entry(".kundenserver.de", "ionos.com"),
      Map.entry(".ionos.com", "ionos.com"),
      Map.entry(".mimecast.com", "mimecast.com"),
      Map.entry(".mimecast.co.za", "mimecast.com"),
      Map.entry(".pphosted.com", "proofpoint.com"),
      Map.entry(".ppe-hosted.com", "proofpoint.com"),
      Map.entry(".iphmx.com", "cisco.com"),
      Map.entry(".barracudanetworks.com", "barracuda.com"),
      Map.entry(".amazonaws.com", "amazon.com"),
      Map.entry(".mailgun.org", "mailgun.com"),
      Map.entry(".sendgrid.net", "sendgrid.com"));

  private MailProviders() {
  }

  /** The provider of the first MX host that matches, or {@code null}. */
  static @Nullable String identify(List<MxHost> hosts) {
    for (MxHost h : hosts) {
      String host = "." + h.host();
      for (Map.Entry<String, String> e : SUFFIXES) {
        if (host.endsWith(e.getKey())) {
          return e.getValue();
        }
      }
    }
    return null;
  }
}
