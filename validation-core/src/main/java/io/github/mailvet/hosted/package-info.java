/**
 * Hosted-API delegation: the {@link io.github.mailvet.hosted.HostedProvider} SPI, adapters for
 * the hosted verification services ({@link io.github.mailvet.hosted.Providers}), and the
 * quota-aware delegation settings ({@link io.github.mailvet.hosted.Hosted}).
 */
@NullMarked
package io.github.mailvet.hosted;

import org.jspecify.annotations.NullMarked;
