package io.github.mailvet.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The API on a PostgreSQL of one's own: Debian's, started by the test on a loopback port. */
class PostgresApiTest extends BridgeApiContract {

  private DebianPostgres pg;

  @BeforeAll
  void startBridge() throws Exception {
    pg = DebianPostgres.start();
    start(pg.jdbcUrl());
  }

  @AfterAll
  void stopDatabase() throws Exception {
    stop();
    if (pg != null) {
      pg.close();
    }
  }
}
