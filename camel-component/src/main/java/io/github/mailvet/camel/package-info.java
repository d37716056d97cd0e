/**
 * The Camel component {@code mailvet:verify}: verifies the address of each exchange and puts the
 * result in headers, into the body's fields, or as the body.
 */
@NullMarked
package io.github.mailvet.camel;

import org.jspecify.annotations.NullMarked;
