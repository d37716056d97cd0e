package io.github.mailvet.bridge;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Monthly quotas: one unit per address, reserved before the work by one conditional statement,
 * so that concurrent requests (on one node or many sharing the database) never overshoot; a
 * request that would overshoot is rejected whole and spends nothing. Months are UTC calendar
 * months. Test keys spend nothing.
 */
@Component
class Quotas {

  private final JdbcClient db;
  private final Clock clock;

  Quotas(JdbcClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  YearMonth month() {
    return YearMonth.now(clock.withZone(ZoneOffset.UTC));
  }

  /** Reserves n units of this month; throws {@code quota_exceeded} when they do not fit. */
  String reserve(ApiKey key, int n) {
    String month = month().toString();
    if (key.test() || n == 0) {
      return month;
    }
    // one statement: the row of the month is created or grown, only when it stays within limit
    int updated = n > key.monthlyLimit() ? 0 : db.sql("""
        insert into usage_month as u (key_id, month, used) values (?, ?, ?)
        on conflict (key_id, month) do update set used = u.used + excluded.used
        where u.used + excluded.used <= ?""")
        .params(key.id(), month, n, key.monthlyLimit()).update();
    if (updated == 0) {
      throw ApiException.quotaExceeded(key.monthlyLimit(), used(key, month), n);
    }
    return month;
  }

  /** Gives back units that were reserved but not spent (a failed batch's unverified part). */
  void refund(String keyId, String month, int n) {
    if (n > 0) {
      db.sql("update usage_month set used = greatest(used - ?, 0) where key_id = ? and month = ?")
          .params(n, keyId, month).update();
    }
  }

  long used(ApiKey key, String month) {
    return db.sql("select used from usage_month where key_id = ? and month = ?")
        .params(key.id(), month).query(Long.class).optional().orElse(0L);
  }

  /** The last n months, oldest first, zero-filled. */
  List<Map.Entry<String, Long>> history(ApiKey key, int months) {
    YearMonth last = month();
    YearMonth first = last.minusMonths(months - 1L);
    Map<String, Long> used = db.sql(
            "select month, used from usage_month where key_id = ? and month >= ? and month <= ?")
        .params(key.id(), first.toString(), last.toString())
        .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    List<Map.Entry<String, Long>> out = new ArrayList<>();
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      out.add(Map.entry(m.toString(), used.getOrDefault(m.toString(), 0L)));
    }
    return out;
  }
}
