package io.github.mailvet.internal;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the result model: snake_case, ISO-8601 instants, nulls kept. */
public final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .build();

  private Json() {
  }

  /** Serializes a result. */
  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** Parses a value of the type (the result model). */
  public static <T> T read(String json, Class<T> type) {
    return MAPPER.readValue(json, type);
  }

  /** The shared mapper (thread-safe). */
  public static JsonMapper mapper() {
    return MAPPER;
  }
}
