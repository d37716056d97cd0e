/**
 * The mailvet engine: parse, classify, resolve, probe, score, decide, and hosted delegation
 * beside the pipeline.
 *
 * <p>Only the API packages are exported. {@code io.github.mailvet.internal} (leaf helpers) and the
 * package-private pipeline stages in {@code io.github.mailvet} are not part of the API.
 */
module io.github.mailvet.core {
  exports io.github.mailvet;
  exports io.github.mailvet.address;
  exports io.github.mailvet.dns;
  exports io.github.mailvet.smtp;
  exports io.github.mailvet.hosted;
  exports io.github.mailvet.knowledge;

  // the result model's JSON form (records read and written by Jackson)
  opens io.github.mailvet to tools.jackson.databind;

  requires static transitive org.jspecify;
  requires transitive tools.jackson.databind;
  requires com.fasterxml.jackson.annotation;
  requires com.github.benmanes.caffeine;
  requires com.ibm.icu;
  requires org.dnsjava;
  requires io.netty.transport;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires transitive okhttp3; // Providers.builder().httpClient(OkHttpClient)
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.retry;
  requires io.github.resilience4j.circuitbreaker;
}
