package io.github.mailvet.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.dns.MailRoute;
import io.github.mailvet.dns.MxHost;
import io.github.mailvet.smtp.MxOwnership;
import io.github.mailvet.smtp.ProbeResult;
import io.github.mailvet.smtp.SmtpProber;
import io.github.mailvet.smtp.ProbeResult.Verdict;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The state several nodes share, on a real PostgreSQL (the embedded default, migrated by the
 * bridge's Flyway scripts): the providers' ledger under concurrent takes, and the mail server
 * leases between two "nodes" (two {@link MxLeases} on one database), including a dead node's
 * lease lapsing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedStateTest {

  private EmbeddedDatabase database;
  private JdbcClient db;

  @BeforeAll
  void start() throws Exception {
    Path data = Files.createTempDirectory("mailvet-shared-");
    database = EmbeddedDatabase.open(data, false);
    DriverManagerDataSource ds = new DriverManagerDataSource(database.jdbcUrl());
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    db = JdbcClient.create(ds);
  }

  @AfterAll
  void stop() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void concurrentTakesNeverSpendMoreThanTheBudget() throws Exception {
    ProviderLedger ledger = new ProviderLedger(db, Clock.systemUTC());
    YearMonth month = YearMonth.of(2026, 11);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> takes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        takes.add(pool.submit(() -> ledger.tryTake("apiddress", month, 150, 1)));
      }
      int granted = 0;
      for (Future<Boolean> f : takes) {
        granted += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(granted).isEqualTo(150);
      assertThat(ledger.used("apiddress", month)).isEqualTo(150);
      ledger.adjust("apiddress", month, -20); // 20 requests failed: given back
      assertThat(ledger.tryTake("apiddress", month, 150, 20)).isTrue();
      assertThat(ledger.tryTake("apiddress", month, 150, 1)).isFalse();
      assertThat(ledger.used("other", month)).isZero();
    } finally {
      pool.shutdownNow();
    }
    Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS);
    ledger.suspend("killbounce", until);
    ledger.suspend("killbounce", until.minusSeconds(600)); // an older answer does not shorten it
    assertThat(ledger.suspendedUntil("killbounce")).isEqualTo(until);
    assertThat(ledger.suspendedUntil("apiddress")).isNull();
  }

  @Test
  void withOwnerKeySlotsTwoNodesProbeOneProviderAtOnceEachOnItsOwnSlot() {
    // each node with its own egress IP: Google's addresses split over 2 leases by address, so
    // both nodes probe it at the same time; without slots the same lists take turns (peak 1)
    List<MxHost> google = List.of(new MxHost(1, "aspmx.l.google.com", List.of("127.0.0.1")));
    // node A's addresses are all in slot 0 of 2, node C's in slot 1
    List<String> forA = new ArrayList<>();
    List<String> forC = new ArrayList<>();
    for (int i = 0; forA.size() < 12 || forC.size() < 12; i++) {
      String address = "user" + i + "@tenant" + (i % 4) + ".test";
      List<String> to = MailRoute.slot(google, address, 2) == 0 ? forA : forC;
      if (to.size() < 12) {
        to.add(address);
      }
    }
    for (int slots : new int[] {2, 1}) {
      SmtpTestServer.Builder b = SmtpTestServer.builder().replyDelay(Duration.ofMillis(100));
      for (String address : forA) {
        b.mailboxes(address.substring(address.indexOf('@') + 1),
            address.substring(0, address.indexOf('@')));
      }
      MxLeases a = node("slots-a-" + slots, Duration.ofSeconds(30), Duration.ofSeconds(5),
          Duration.ofMinutes(1));
      MxLeases c = node("slots-c-" + slots, Duration.ofSeconds(30), Duration.ofSeconds(5),
          Duration.ofMinutes(1));
      try (SmtpTestServer server = b.start();
          SmtpProber pa = prober(server, "node-a.mailvet-tests.com", a, slots);
          SmtpProber pc = prober(server, "node-c.mailvet-tests.com", c, slots)) {
        List<CompletableFuture<ProbeResult>> all = new ArrayList<>();
        for (String address : forA) {
          all.add(pa.probe(address.substring(address.indexOf('@') + 1), google, address, false));
        }
        for (String address : forC) {
          all.add(pc.probe(address.substring(address.indexOf('@') + 1), google, address, false));
        }
        assertThat(all).allSatisfy(f -> assertThat(f.orTimeout(60, TimeUnit.SECONDS).join()
            .verdict()).isIn(Verdict.ACCEPTED, Verdict.MAILBOX_NOT_FOUND));
        assertThat(server.sessionsByClient()).containsOnlyKeys("node-a.mailvet-tests.com",
            "node-c.mailvet-tests.com");
        assertThat(server.peakConcurrentClients()).as("nodes on the provider at once, "
            + slots + " slot(s)").isEqualTo(slots);
      } finally {
        a.stop();
        c.stop();
      }
    }
  }

  private static SmtpProber prober(SmtpTestServer server, String helo, MxLeases leases,
      int slots) {
    return SmtpProber.builder().port(server.port()).allowPrivateAddresses(true).heloName(helo)
        .commandTimeout(Duration.ofSeconds(5)).maxSessionsPerHost(1).ownership(leases)
        .ownerKeySlots(slots).build();
  }

  private MxLeases node(String name, Duration ttl, Duration fairShare, Duration maxWait) {
    BridgeProperties p = new BridgeProperties();
    p.getMx().setLeaseTtl(ttl);
    p.getMx().setFairShare(fairShare);
    p.getMx().setLinger(Duration.ofMillis(50));
    p.getMx().setMaxWait(maxWait);
    MxLeases leases = new MxLeases(db, new BridgeNode() {
      @Override
      String id() {
        return name;
      }
    }, p);
    leases.start();
    return leases;
  }

  @Test
  void aKeyHeldByOneNodeIsHandedOverWhenTheOtherWaitsAndNeverHeldByBoth() throws Exception {
    MxLeases a = node("node-a", Duration.ofSeconds(3), Duration.ofMillis(300),
        Duration.ofSeconds(30));
    MxLeases b = node("node-b", Duration.ofSeconds(3), Duration.ofMillis(300),
        Duration.ofSeconds(30));
    try {
      MxOwnership.Lease first = a.acquire("google.com").get(10, TimeUnit.SECONDS);
      // a second domain on the same servers joins node A's claim at once
      MxOwnership.Lease second = a.acquire("google.com").get(1, TimeUnit.SECONDS);
      CompletableFuture<MxOwnership.Lease> waiting = b.acquire("google.com");
      Thread.sleep(500);
      assertThat(waiting).as("node B waits while node A holds the servers").isNotDone();
      assertThat(b.acquire("microsoft.com").get(10, TimeUnit.SECONDS))
          .as("another provider is free meanwhile").isNotNull();
      // A has had its share and B wants it: A's next domain queues behind the handover
      Thread.sleep(1_200);
      CompletableFuture<MxOwnership.Lease> aAgain = a.acquire("google.com");
      assertThat(aAgain).isNotDone();
      first.release();
      second.release();
      MxOwnership.Lease bLease = waiting.get(10, TimeUnit.SECONDS);
      assertThat(b.held()).contains("google.com");
      assertThat(a.held()).doesNotContain("google.com");
      assertThat(aAgain).as("A waits in turn").isNotDone();
      bLease.release();
      assertThat(aAgain.get(15, TimeUnit.SECONDS)).isNotNull();
    } finally {
      a.stop();
      b.stop();
    }
  }

  @Test
  void aDeadNodesLeaseLapsesAndAnAddressWaitsNoLongerThanMaxWait() throws Exception {
    // a node that died holding the key: its row stays, nobody renews it
    db.sql("""
        insert into mx_lease (owner_key, node, held_since, expires_at)
        values ('dead-host.example', 'node-dead', now(), now() + interval '2 seconds')""")
        .update();
    db.sql("""
        insert into mx_lease (owner_key, node, held_since, expires_at)
        values ('busy-host.example', 'node-busy', now(), now() + interval '1 hour')""")
        .update();
    MxLeases c = node("node-c", Duration.ofSeconds(30), Duration.ofSeconds(5),
        Duration.ofSeconds(2));
    try {
      long start = System.nanoTime();
      assertThat(c.acquire("dead-host.example").get(20, TimeUnit.SECONDS)).isNotNull();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("after the lease lapsed")
          .isGreaterThan(Duration.ofMillis(1_000));
      CompletableFuture<MxOwnership.Lease> busy = c.acquire("busy-host.example");
      assertThat(busy).failsWithin(Duration.ofSeconds(20))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(TimeoutException.class);
    } finally {
      c.stop();
    }
  }
}
