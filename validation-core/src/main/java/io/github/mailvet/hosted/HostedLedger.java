package io.github.mailvet.hosted;

import java.time.Instant;
import java.time.YearMonth;
import org.jspecify.annotations.Nullable;

/**
 * Where the hosted providers' monthly budgets and quota suspensions are kept when several
 * engines (several nodes of one service) spend the same provider account.
 *
 * <p>By default an engine keeps them in memory, which is exact for one process. With a shared
 * ledger (the bridge keeps one in PostgreSQL), the budget check is one atomic step: credits are
 * taken before a request is sent, and the difference is given back or added once the provider
 * has said what the request cost, so N engines together never spend more than the budget. A
 * provider's "quota exhausted" seen by one engine suspends the provider for all of them.
 *
 * <p>Calls may block briefly (one database statement); they are made off the I/O threads.
 */
public interface HostedLedger {

  /**
   * Takes credits from a provider's monthly budget if they fit.
   *
   * @param providerId the provider
   * @param month      the month, UTC
   * @param budget     the budget for that month
   * @param credits    the credits the request may cost
   * @return whether they were taken (false: the request must not be sent)
   */
  boolean tryTake(String providerId, YearMonth month, long budget, long credits);

  /**
   * Corrects what was taken once the cost is known: negative gives credits back (a request that
   * failed, or cost less), positive records more.
   *
   * @param providerId the provider
   * @param month      the month the credits were taken in
   * @param credits    the correction
   */
  void adjust(String providerId, YearMonth month, long credits);

  /**
   * Credits taken this month by every engine sharing the ledger.
   *
   * @param providerId the provider
   * @param month      the month, UTC
   */
  long used(String providerId, YearMonth month);

  /**
   * Suspends the provider for every engine until the given time (its quota is exhausted).
   *
   * @param providerId the provider
   * @param until      when it may be asked again
   */
  void suspend(String providerId, Instant until);

  /**
   * When the provider may be asked again, or null when it is not suspended.
   *
   * @param providerId the provider
   */
  @Nullable Instant suspendedUntil(String providerId);
}
