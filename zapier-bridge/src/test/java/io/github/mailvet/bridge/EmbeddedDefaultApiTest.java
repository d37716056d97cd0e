package io.github.mailvet.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The API on the embedded default: PostgreSQL from Maven Central in a data folder. */
class EmbeddedDefaultApiTest extends BridgeApiContract {

  private EmbeddedDatabase db;

  @BeforeAll
  void startBridge() throws Exception {
    Path data = Files.createTempDirectory("mailvet-data-");
    db = EmbeddedDatabase.open(data, true);
    start(db.jdbcUrl());
  }

  @AfterAll
  void stopDatabase() {
    stop();
    if (db != null) {
      db.close();
    }
  }
}
