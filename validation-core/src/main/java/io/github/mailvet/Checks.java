package io.github.mailvet;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of each check; {@code null} where a check did not run (offline, SMTP not requested,
 * or an earlier stage already decided).
 *
 * @param syntax        the address is syntactically valid
 * @param domainExists  the domain exists (DNS, or a known provider when offline)
 * @param mx            the domain has a usable mail exchanger
 * @param smtp          the mail server accepted the mailbox
 * @param disposable    the domain belongs to a disposable address provider
 * @param roleBased     the local part is a role account
 * @param freeProvider  the domain is a free mailbox provider
 * @param catchAll      the domain accepts any local part
 * @param typo          the domain looks like a typo (see the suggestion)
 * @param spamTrapRisk  the address looks like a spam trap (reserved for hosted providers)
 */
public record Checks(
    @Nullable Boolean syntax,
    @Nullable Boolean domainExists,
    @Nullable Boolean mx,
    @Nullable Boolean smtp,
    @Nullable Boolean disposable,
    @Nullable Boolean roleBased,
    @Nullable Boolean freeProvider,
    @Nullable Boolean catchAll,
    @Nullable Boolean typo,
    @Nullable Boolean spamTrapRisk) {

  /** No check ran. */
  public static final Checks NONE = new Checks(null, null, null, null, null, null, null, null,
      null, null);
}
