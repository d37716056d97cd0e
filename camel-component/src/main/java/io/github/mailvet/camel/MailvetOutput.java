package io.github.mailvet.camel;

/** Where the result goes. */
public enum MailvetOutput {
  /** {@code CamelMailvet*} headers; the body is left alone. */
  HEADERS,
  /** Headers, and the body (a Map, or a List of Maps in batch mode) gets flat result fields. */
  ENRICH,
  /** Headers, and the body becomes the result (a List of results in batch mode). */
  RESULT
}
