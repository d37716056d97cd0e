/**
 * mailvet's public API: the {@link io.github.mailvet.Mailvet} engine, the result model and profiles.
 */
@NullMarked
package io.github.mailvet;

import org.jspecify.annotations.NullMarked;
