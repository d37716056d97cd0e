/**
 * Implementation details; not a public API and subject to change.
 */
@NullMarked
package io.github.mailvet.internal;

import org.jspecify.annotations.NullMarked;
