/** Camel Spring Boot auto-configuration of the {@code mailvet} component. */
@NullMarked
package io.github.mailvet.camel.springboot;

import org.jspecify.annotations.NullMarked;
