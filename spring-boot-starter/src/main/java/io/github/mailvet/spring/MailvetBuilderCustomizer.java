package io.github.mailvet.spring;

import io.github.mailvet.Mailvet;

/**
 * Changes the engine's builder after the {@code mailvet.*} properties are applied and before the
 * engine is built: for what properties cannot say, such as an
 * {@link io.github.mailvet.smtp.MxOwnership} or a {@link io.github.mailvet.hosted.HostedLedger}
 * shared by several nodes. Beans of this type are applied in their {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * MailvetBuilderCustomizer sharedMailServers(MxOwnership leases) {
 *   return builder -> builder.mxOwnership(leases);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MailvetBuilderCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the engine's builder, with the properties applied
   */
  void customize(Mailvet.Builder builder);
}
