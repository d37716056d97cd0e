package io.github.mailvet.samples.signup;

import io.github.mailvet.validation.DeliverableEmail;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What the signup page and {@code POST /api/signup} take.
 *
 * @param name  the user's name
 * @param email the address, checked with the {@code signup} profile: disposable addresses and
 *              invalid ones are rejected, likely typos are sent back with a suggestion
 */
public record SignupForm(
    @NotBlank @Size(max = 100) String name,
    @NotBlank @DeliverableEmail(profile = "signup") String email) {
}
