/**
 * Offline knowledge: disposable, free and role lists, IANA TLDs, typo suggestions.
 */
@NullMarked
package io.github.mailvet.knowledge;

import org.jspecify.annotations.NullMarked;
