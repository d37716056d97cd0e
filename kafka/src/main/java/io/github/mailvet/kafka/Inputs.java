package io.github.mailvet.kafka;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the address out of an input message's value. */
final class Inputs {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Inputs() {
  }

  /**
   * The address: the value itself, or the {@code "email"} field of a JSON object. A JSON object
   * without one gives the empty string (the engine answers it {@code invalid}, reason
   * {@code empty_email}); text that only looks like JSON is taken as it is.
   */
  static String address(String value) {
    String v = value.strip();
    if (!v.startsWith("{")) {
      return value;
    }
    try {
      JsonNode n = JSON.readTree(v);
      JsonNode email = n.path("email");
      return email.isString() ? email.asString() : "";
    } catch (JacksonException notJson) {
      return value;
    }
  }
}
