/**
 * The resolve stage: MX, implicit MX, null MX and provider identification over DNS.
 */
@NullMarked
package io.github.mailvet.dns;

import org.jspecify.annotations.NullMarked;
