package io.github.mailvet.bridge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * This process among the bridge nodes sharing one database: the name it signs its batch claims
 * and mail server leases with ({@code node-<host>-<random>}, new at every start, so a restarted
 * node never mistakes a dead predecessor's claims for its own).
 */
@Component
class BridgeNode {

  private final String id;

  BridgeNode() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT)
          .replaceAll("[^a-z0-9.-]", "");
    } catch (UnknownHostException e) {
      host = "host";
    }
    if (host.length() > 40) {
      host = host.substring(0, 40);
    }
    this.id = "node-" + host + "-" + Keys.random(4);
  }

  String id() {
    return id;
  }
}
