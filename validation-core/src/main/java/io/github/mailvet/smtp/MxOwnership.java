package io.github.mailvet.smtp;

import java.util.concurrent.CompletableFuture;

/**
 * Who may open SMTP sessions to a mail server: the hook that makes politeness global when
 * several processes probe at once.
 *
 * <p>The prober asks for a lease on a mail server's <em>owner key</em>
 * ({@link io.github.mailvet.dns.MailRoute#ownerKey()}: the mail provider, such as
 * {@code google.com}, else the lowest-preference MX host) before it opens sessions for a domain,
 * and releases it when that domain's queue is empty. Its own limits (sessions per MX host, the
 * interval between them, RCPT batching, the catch-all cache) then hold for every process, as
 * long as an implementation grants a key to one process at a time.
 *
 * <p>The default, {@link #local()}, grants every key at once: one process is its own owner. A
 * shared implementation (the bridge keeps leases in PostgreSQL) completes the future when this
 * process owns the key, and completes it exceptionally when it gave up waiting; the addresses
 * waiting for that domain are then answered inconclusive, never guessed. Implementations must
 * not block the calling thread.
 */
@FunctionalInterface
public interface MxOwnership {

  /**
   * Asks for the key.
   *
   * @param ownerKey the owner key of the domain's mail servers
   * @return a lease, once this process may open sessions to those servers
   */
  CompletableFuture<Lease> acquire(String ownerKey);

  /** A granted key; {@link #release()} once, when the sessions it covered are over. */
  @FunctionalInterface
  interface Lease {
    /** Gives the key back (an implementation may keep it a little while for the next domain). */
    void release();
  }

  /** The single-process default: every key is granted at once. */
  static MxOwnership local() {
    return Local.INSTANCE;
  }

  /** The single-process default. */
  final class Local implements MxOwnership {
    static final Local INSTANCE = new Local();
    private static final Lease NOTHING = () -> { };
    private static final CompletableFuture<Lease> GRANTED = CompletableFuture.completedFuture(
        NOTHING);

    private Local() {
    }

    @Override
    public CompletableFuture<Lease> acquire(String ownerKey) {
      return GRANTED.copy();
    }
  }
}
