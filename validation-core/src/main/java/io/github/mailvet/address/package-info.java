/**
 * The address parser: RFC 5321 mailboxes, RFC 5322 addr-specs, RFC 6531 internationalized addresses.
 */
@NullMarked
package io.github.mailvet.address;

import org.jspecify.annotations.NullMarked;
