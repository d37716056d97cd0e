/**
 * The probe stage: SMTP RCPT checks with catch-all and greylisting handling.
 */
@NullMarked
package io.github.mailvet.smtp;

import org.jspecify.annotations.NullMarked;
