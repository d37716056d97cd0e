package io.github.mailvet.bridge;

import io.github.mailvet.hosted.HostedLedger;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hosted providers' budgets and suspensions in PostgreSQL, so that the nodes of one bridge
 * spend one provider account together: credits are taken by one conditional statement (like the
 * API keys' quotas), so N nodes never overspend a budget.
 */
@Component
class ProviderLedger implements HostedLedger {

  private final JdbcClient db;
  private final Clock clock;

  ProviderLedger(JdbcClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public boolean tryTake(String providerId, YearMonth month, long budget, long credits) {
    if (credits > budget) {
      return false;
    }
    return db.sql("""
        insert into provider_ledger as l (provider, month, used) values (?, ?, ?)
        on conflict (provider, month) do update set used = l.used + excluded.used
        where l.used + excluded.used <= ?""")
        .params(providerId, month.toString(), credits, budget).update() == 1;
  }

  @Override
  public void adjust(String providerId, YearMonth month, long credits) {
    db.sql("""
        insert into provider_ledger as l (provider, month, used) values (?, ?, greatest(?, 0))
        on conflict (provider, month) do update set used = greatest(l.used + ?, 0)""")
        .params(providerId, month.toString(), credits, credits).update();
  }

  @Override
  public long used(String providerId, YearMonth month) {
    return db.sql("select used from provider_ledger where provider = ? and month = ?")
        .params(providerId, month.toString()).query(Long.class).optional().orElse(0L);
  }

  @Override
  public void suspend(String providerId, Instant until) {
    db.sql("""
        insert into provider_suspension as s (provider, until) values (?, ?)
        on conflict (provider) do update set until = greatest(s.until, excluded.until)""")
        .params(providerId, Timestamp.from(until)).update();
  }

  @Override
  public @Nullable Instant suspendedUntil(String providerId) {
    return db.sql("select until from provider_suspension where provider = ? and until > ?")
        .params(providerId, Timestamp.from(clock.instant())).query(Timestamp.class).optional()
        .map(Timestamp::toInstant).orElse(null);
  }
}
