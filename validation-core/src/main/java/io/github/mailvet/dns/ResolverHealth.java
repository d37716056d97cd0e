package io.github.mailvet.dns;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a resolver's answers can be taken as evidence, from its answers to canary names: names
 * that must exist (the mail domains of the largest mailbox providers) and a random name that
 * cannot exist. Containers, CI runners, captive portals and some ISPs answer NXDOMAIN for every
 * name, or invent an address for names that do not exist (NXDOMAIN rewriting); read as evidence,
 * either would turn good addresses into {@code invalid} or bad ones into {@code valid}.
 *
 * @param state     the verdict
 * @param detail    one sentence a person understands, e.g. "the resolver answers NXDOMAIN for
 *                  gmail.com, which must exist"
 * @param checkedAt when the canaries were asked
 */
public record ResolverHealth(State state, String detail, Instant checkedAt) {

  /** Checks for nulls. */
  public ResolverHealth {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(checkedAt, "checkedAt");
  }

  /** Whether the resolver's answers are evidence (trusted, or not checked). */
  public boolean trusted() {
    return state == State.TRUSTED || state == State.NOT_CHECKED;
  }

  /** The verdict on a resolver. */
  public enum State {
    /** Canary checks are turned off. */
    NOT_CHECKED,
    /** Names that must exist exist, and the name that cannot exist does not. */
    TRUSTED,
    /**
     * A name that must exist is denied (NXDOMAIN, or no mail route): negative answers are not
     * evidence, so they become {@link MailRoute.Outcome#ERROR}.
     */
    DENIES_EXISTING,
    /**
     * A name that cannot exist gets an answer: answers of that kind are not evidence, so they
     * become {@link MailRoute.Outcome#ERROR}.
     */
    INVENTS_ANSWERS,
    /** No canary got an answer (timeouts, SERVFAIL, no servers): every lookup fails anyway. */
    UNREACHABLE
  }
}
