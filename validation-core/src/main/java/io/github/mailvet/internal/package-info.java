/**
 * Leaf helpers shared by the stages: argument checks, the callback pool, future unwrapping, the
 * JSON mapper and the public-address test. They depend on nothing else of mailvet. Not a public
 * API; subject to change.
 */
@NullMarked
package io.github.mailvet.internal;

import org.jspecify.annotations.NullMarked;
