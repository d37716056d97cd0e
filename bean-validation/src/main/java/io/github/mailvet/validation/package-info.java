/**
 * The {@link io.github.mailvet.validation.DeliverableEmail} constraint for Jakarta Validation.
 */
@NullMarked
package io.github.mailvet.validation;

import org.jspecify.annotations.NullMarked;
