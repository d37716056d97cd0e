package io.github.mailvet.smtp;

import static io.github.mailvet.internal.Args.positive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mailvet.dns.MailRoute;
import io.github.mailvet.dns.MxHost;
import io.github.mailvet.internal.AsyncLimiter;
import io.github.mailvet.internal.Callbacks;
import io.github.mailvet.internal.Futures;
import io.github.mailvet.dns.PublicAddresses;
import io.github.mailvet.smtp.ProbeResult.Verdict;
import io.github.mailvet.smtp.SmtpConnection.Reply;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The probe stage: asks a domain's mail exchangers whether they accept an address, without
 * sending a message (EHLO, MAIL FROM, RCPT TO, then a random local part to detect catch-all,
 * QUIT).
 *
 * <p>Polite by construction: at most {@code maxSessionsPerHost} sessions per MX host at once and
 * a minimum interval between session starts per host; addresses of one domain that are probed
 * at about the same time share one session (up to {@code maxRcptPerSession} RCPTs, sent in one
 * round trip when the server advertises PIPELINING); the
 * catch-all test runs once per domain and is cached. 4xx answers are never a verdict of
 * "invalid"; with {@code greylistRetry} set, a greylisted address is asked once more after that
 * delay. By default it refuses to connect to loopback, private, link-local and other non-public
 * addresses (the SSRF guard), since MX records are attacker-controlled input.
 *
 * <p>Non-blocking: sessions run on Netty event loops shared by every prober (no thread waits for
 * a reply), so {@code maxSessions} is a politeness limit, not a thread count. The futures
 * complete on mailvet's callback threads, never on an I/O thread.
 *
 * <pre>{@code
 * SmtpProber smtp = SmtpProber.builder().heloName("verifier.example.com")
 *     .mailFrom("bounce@verifier.example.com").build();
 * }</pre>
 */
public final class SmtpProber implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The I/O threads every prober shares: a session costs no thread while it waits for a reply,
   * so one or two threads hold thousands of sessions. Daemon threads, started on first use.
   */
  private static final class Io {
    static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)),
        new DefaultThreadFactory("mailvet-smtp", true), NioIoHandler.newFactory());
  }

  private final int port;
  private final String heloName;
  private final String mailFrom;
  private final int connectTimeoutMs;
  private final int commandTimeoutMs;
  private final long sessionTimeoutMs;
  private final boolean allowPrivate;
  private final int maxSessionsPerHost;
  private final long minIntervalNanos;
  private final int maxRcptPerSession;
  private final boolean usePipelining;
  private final @Nullable Duration greylistRetry;
  private final MxOwnership ownership;
  private final int ownerKeySlots;
  private final EventLoopGroup io = Io.GROUP;
  private final AsyncLimiter sessions;
  private final Map<String, DomainQueue> queues = new ConcurrentHashMap<>();
  private final Map<String, AsyncLimiter> hostSlots = new ConcurrentHashMap<>();
  private final Map<String, Long> hostNextStart = new ConcurrentHashMap<>();
  private final Set<SmtpConnection> live = ConcurrentHashMap.newKeySet();
  private final Cache<String, Boolean> catchAll;
  private final AtomicLong sessionsOpened = new AtomicLong();
  private final AtomicLong rcptsSent = new AtomicLong();
  private volatile boolean closed;

  private record Pending(String address, boolean utf8, int attempt,
      CompletableFuture<ProbeResult> future) { }

  /** An answer waiting to be handed to its caller (off the I/O thread, with the others). */
  private record Answer(Pending pending, ProbeResult result) { }

  /**
   * A domain's addresses waiting for a session; with owner-key slots, a domain's addresses of one
   * slot (a slot has a lease of its own).
   */
  private static final class DomainQueue {
    /** Its key in {@code queues}: the domain, or the domain and the slot. */
    final String key;
    final ArrayDeque<Pending> pending = new ArrayDeque<>();

    DomainQueue(String key) {
      this.key = key;
    }

    boolean active;
    /** The owner key's lease while the queue drains. */
    volatile MxOwnership.@Nullable Lease lease;

    void releaseLease() {
      MxOwnership.Lease l = lease;
      lease = null;
      if (l != null) {
        try {
          l.release();
        } catch (RuntimeException e) {
          // an ownership store that fails to release lets the lease expire on its own
        }
      }
    }
  }

  /** A per-host limit that leaves the map when it falls idle, so the map holds hosts in use. */
  private AsyncLimiter retiringSlot(String host) {
    AsyncLimiter[] self = new AsyncLimiter[1];
    self[0] = AsyncLimiter.retiring(maxSessionsPerHost, io, () -> hostSlots.remove(host, self[0]));
    return self[0];
  }

  private SmtpProber(Builder b) {
    this.port = b.port;
    this.heloName = b.heloName != null ? b.heloName : localHostName();
    this.mailFrom = b.mailFrom;
    this.connectTimeoutMs = (int) b.connectTimeout.toMillis();
    this.commandTimeoutMs = (int) b.commandTimeout.toMillis();
    this.sessionTimeoutMs = b.sessionTimeout.toMillis();
    this.allowPrivate = b.allowPrivate;
    this.maxSessionsPerHost = b.maxSessionsPerHost;
    this.minIntervalNanos = b.minIntervalPerHost.toNanos();
    this.maxRcptPerSession = b.maxRcptPerSession;
    this.usePipelining = b.pipelining;
    this.greylistRetry = b.greylistRetry;
    this.ownership = b.ownership;
    this.ownerKeySlots = b.ownerKeySlots;
    this.sessions = AsyncLimiter.of(b.maxSessions, io);
    this.catchAll = Caffeine.newBuilder().maximumSize(100_000)
        .expireAfterWrite(b.catchAllTtl).build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Probes one address at a domain whose MX hosts (with addresses) are known. Never completes
   * exceptionally. The future completes on a mailvet callback thread, never on an I/O thread.
   *
   * @param domain   the domain, ASCII form
   * @param mx       its MX hosts in preference order
   * @param address  the address as it goes on the envelope
   * @param smtpUtf8 whether the address needs the SMTPUTF8 extension
   */
  public CompletableFuture<ProbeResult> probe(String domain, List<MxHost> mx, String address,
      boolean smtpUtf8) {
    String unfit = unfitForCommandLine(address);
    if (unfit != null) {
      // whatever parse policy let it through, it never reaches a command line (no injection)
      return CompletableFuture.completedFuture(
          ProbeResult.inconclusive(0, "", "not sent: " + unfit));
    }
    Pending p = new Pending(address, smtpUtf8, 0, new CompletableFuture<>());
    enqueue(domain.toLowerCase(Locale.ROOT), List.copyOf(mx), p);
    return p.future();
  }

  /** SMTP connections opened so far. */
  public long sessionsOpened() {
    return sessionsOpened.get();
  }

  /** RCPT commands sent so far (including catch-all tests). */
  public long rcptsSent() {
    return rcptsSent.get();
  }

  /** The HELO/EHLO name in use. */
  public String heloName() {
    return heloName;
  }

  private void enqueue(String domain, List<MxHost> mx, Pending p) {
    if (closed) {
      deliver(List.of(new Answer(p, shutDown())));
      return;
    }
    int slot = MailRoute.slot(mx, p.address(), ownerKeySlots);
    String queueKey = slot < 0 ? domain : domain + "#" + slot;
    boolean start;
    DomainQueue q;
    while (true) {
      q = queues.computeIfAbsent(queueKey, DomainQueue::new);
      synchronized (q) {
        if (queues.get(queueKey) != q) {
          continue; // retired while we looked; take the new one
        }
        q.pending.add(p);
        start = !q.active;
        q.active = true;
      }
      break;
    }
    if (start) {
      DomainQueue queue = q;
      String key = MailRoute.ownerKey(mx, p.address(), ownerKeySlots);
      CompletableFuture<MxOwnership.Lease> lease;
      try {
        lease = ownership.acquire(key);
      } catch (RuntimeException e) {
        lease = CompletableFuture.failedFuture(e);
      }
      lease.whenComplete((l, t) -> {
        if (t != null || l == null) {
          unowned(domain, queue, key);
          return;
        }
        queue.lease = l;
        sessions.run(() -> drain(domain, mx, queue));
      });
    }
  }

  /**
   * The mail servers' key was not granted: what waits for the domain is answered, unprobed (no
   * session permit was taken).
   */
  private void unowned(String domain, DomainQueue q, String key) {
    answerAll(domain, q, ProbeResult.inconclusive(0, "", "not probed: another process holds the"
        + " mail servers of '" + key + "' and did not hand them over in time"));
  }

  /** Answers everything queued for the domain with one result and closes the queue. */
  private void answerAll(String domain, DomainQueue q, ProbeResult r) {
    List<Answer> out = new ArrayList<>();
    synchronized (q) {
      for (Pending p : q.pending) {
        out.add(new Answer(p, r));
      }
      q.pending.clear();
      q.active = false;
      queues.remove(q.key, q);
    }
    q.releaseLease();
    deliver(out);
  }

  /** Runs sessions until the domain's queue is empty, then gives its session permit back. */
  private void drain(String domain, List<MxHost> mx, DomainQueue q) {
    try {
      while (true) {
        if (closed) {
          retire(domain, q, shutDown());
          return;
        }
        List<Pending> batch = take(q, maxRcptPerSession);
        if (batch.isEmpty()) {
          synchronized (q) {
            if (q.pending.isEmpty()) {
              q.active = false;
              queues.remove(q.key, q);
              q.releaseLease();
              sessions.release();
              return;
            }
          }
          continue;
        }
        CompletableFuture<Void> done = session(domain, mx, batch, q);
        if (!done.isDone()) {
          done.whenComplete((v, t) -> drain(domain, mx, q));
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      retire(domain, q, ProbeResult.unreachable("",
          "internal error: " + e.getClass().getSimpleName()));
    }
  }

  /** Answers everything still queued for the domain and gives the session permit back. */
  private void retire(String domain, DomainQueue q, ProbeResult r) {
    answerAll(domain, q, r);
    sessions.release();
  }

  /**
   * Why an address cannot go into {@code RCPT TO:<...>}, or null when it can: RFC 5321 section
   * 4.1.2 allows no CR, LF, NUL or other control character in a mailbox (a quoted CR LF would end
   * the command and start another one), and section 4.5.3.1 limits it to 64 octets of local part
   * and 254 in all.
   */
  static @Nullable String unfitForCommandLine(String address) {
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
        return "the address contains a control character (U+" + String.format("%04X", (int) c)
            + "), which no SMTP command may carry";
      }
    }
    int at = address.lastIndexOf('@');
    byte[] utf8 = address.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (at <= 0 || utf8.length > 254
        || address.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
      return "the address is not an RFC 5321 mailbox (at most 64 octets before the @, 254 in all)";
    }
    return null;
  }

  private static ProbeResult shutDown() {
    return ProbeResult.unreachable("", "the prober is shut down");
  }

  private static List<Pending> take(DomainQueue q, int max) {
    List<Pending> out = new ArrayList<>();
    synchronized (q) {
      while (out.size() < max && !q.pending.isEmpty()) {
        out.add(q.pending.poll());
      }
    }
    return out;
  }

  /** An MX address to try, or why it was not tried. */
  private record Target(MxHost host, @Nullable InetAddress address, @Nullable ProbeResult refusal) {
  }

  /**
   * Tries the MX hosts in preference order until one holds a session for the batch; completes
   * when every address of the batch has its answer.
   */
  private CompletableFuture<Void> session(String domain, List<MxHost> mx, List<Pending> batch,
      DomainQueue q) {
    List<Target> targets = new ArrayList<>();
    for (MxHost host : mx) {
      for (String ip : host.addresses()) {
        InetAddress addr;
        try {
          addr = InetAddress.getByName(ip); // a literal: no DNS lookup here
        } catch (UnknownHostException e) {
          continue;
        }
        if (!allowPrivate && !isPublic(addr)) {
          targets.add(new Target(host, null, ProbeResult.unreachable(
              host.host(), "refused to connect to the non-public address " + ip + " of "
                  + host.host() + " (SSRF guard; allow private MX addresses to probe it)")));
        } else {
          targets.add(new Target(host, addr, null));
        }
      }
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    next(domain, mx, new ArrayList<>(batch), q, targets.iterator(),
        ProbeResult.unreachable("", "no MX host could be reached"), done);
    return done;
  }

  private void next(String domain, List<MxHost> mx, List<Pending> open, DomainQueue q,
      Iterator<Target> targets, ProbeResult failure, CompletableFuture<Void> done) {
    ProbeResult why = failure;
    while (targets.hasNext()) {
      Target t = targets.next();
      if (t.refusal() != null) {
        why = t.refusal();
        continue;
      }
      String host = t.host().host();
      while (true) {
        AsyncLimiter slot = hostSlots.computeIfAbsent(host, k -> retiringSlot(k));
        boolean taken = slot.run(() -> paced(host, () -> new Conversation(domain, mx, host, open,
            q).start(t.address()).whenComplete((result, err) -> {
              slot.release();
              if (open.isEmpty()) {
                done.complete(null);
              } else {
                next(domain, mx, open, q, targets, result, done);
              }
            })));
        if (taken) {
          return;
        }
        // that host's limit fell idle and retired while we looked: take the new one
      }
    }
    List<Answer> out = new ArrayList<>();
    for (Pending p : open) {
      complete(domain, mx, p, why, out);
    }
    open.clear();
    deliver(out);
    done.complete(null);
  }

  /**
   * One SMTP session on one MX address, as a chain of steps that run when replies arrive (on the
   * I/O thread). Answers the addresses it gets an answer for and removes them from {@code open};
   * its outcome says why the rest could not be answered on this host.
   */
  private final class Conversation {
    private final String domain;
    private final List<MxHost> mx;
    private final String host;
    private final List<Pending> open;
    private final DomainQueue q;
    private final CompletableFuture<ProbeResult> outcome = new CompletableFuture<>();
    private final List<Answer> answers = new ArrayList<>();
    private final List<Pending> accepted = new ArrayList<>();
    private final List<ProbeResult> acceptedReplies = new ArrayList<>();
    private @Nullable SmtpConnection c;
    private boolean utf8Supported;
    private boolean pipelining;
    private boolean first = true;
    private boolean probed;
    private @Nullable Boolean all;
    private int used;

    Conversation(String domain, List<MxHost> mx, String host, List<Pending> open,
        DomainQueue q) {
      this.domain = domain;
      this.mx = mx;
      this.host = host;
      this.open = open;
      this.q = q;
    }

    /** The open connection: every step after {@link #start} runs on it. */
    private SmtpConnection conn() {
      SmtpConnection open = c;
      if (open == null) {
        throw new IllegalStateException("no connection yet");
      }
      return open;
    }

    CompletableFuture<ProbeResult> start(@Nullable InetAddress addr) {
      sessionsOpened.incrementAndGet();
      CompletableFuture<Reply> greeting = new CompletableFuture<>();
      try {
        c = SmtpConnection.open(io, new InetSocketAddress(addr, port), connectTimeoutMs,
            commandTimeoutMs, sessionTimeoutMs, greeting);
      } catch (RuntimeException e) { // e.g. no socket could be created: this batch still ends
        end(ProbeResult.unreachable(host,
            "internal error: " + e.getClass().getSimpleName()));
        return outcome;
      }
      live.add(c);
      greeting.whenComplete(step(this::onGreeting));
      return outcome;
    }

    /** A reply handler that turns a failed reply (or a bug of ours) into the session's end. */
    private <T> BiConsumer<T, Throwable> step(Consumer<T> next) {
      return (value, error) -> {
        if (outcome.isDone()) {
          return;
        }
        if (error != null) {
          Throwable e = Futures.unwrap(error);
          end(ProbeResult.unreachable(host, host + " failed: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " (" + clip(e.getMessage()) + ")")));
          return;
        }
        try {
          next.accept(value);
        } catch (RuntimeException e) {
          end(ProbeResult.unreachable(host,
              "internal error: " + e.getClass().getSimpleName()));
        }
      };
    }

    private void onGreeting(Reply greeting) {
      if (greeting.code() / 100 != 2) {
        ProbeResult r = result(ReplyClassifier.session(greeting.code()), greeting, host,
            "the server refused the connection");
        if (r.verdict() == Verdict.SENDER_REJECTED) {
          answerAll(r);
        }
        end(r);
        return;
      }
      conn().send("EHLO " + heloName).whenComplete(step(this::onEhlo));
    }

    private void onEhlo(Reply ehlo) {
      if (ehlo.code() / 100 == 2) {
        for (String line : ehlo.lines()) {
          String keyword = line.length() > 4 ? line.substring(4).strip().toUpperCase(Locale.ROOT)
              : "";
          utf8Supported |= keyword.startsWith("SMTPUTF8");
          pipelining |= usePipelining && keyword.startsWith("PIPELINING");
        }
        greeted();
        return;
      }
      conn().send("HELO " + heloName).whenComplete(step(helo -> {
        if (helo.code() / 100 == 2) {
          greeted();
        } else {
          end(result(ReplyClassifier.session(helo.code()), helo, host,
              "the server refused EHLO and HELO"));
        }
      }));
    }

    private void greeted() {
      for (Pending p : List.copyOf(open)) {
        if (!fits(p)) {
          open.remove(p);
        }
      }
      if (open.isEmpty()) {
        quit(ProbeResult.unreachable(host, "nothing left to ask"));
        return;
      }
      lateArrivals(maxRcptPerSession - open.size()); // they share the session being set up
      all = catchAll.getIfPresent(domain); // tested once per domain
      round();
    }

    /** Whether the address can be asked here; answers it when it needs SMTPUTF8 in vain. */
    private boolean fits(Pending p) {
      if (p.utf8() && !utf8Supported) {
        complete(domain, List.of(), p, new ProbeResult(Verdict.SMTPUTF8_UNSUPPORTED, 0, "", "",
            host, "the address needs SMTPUTF8, which " + host + " does not advertise"), answers);
        return false;
      }
      return true;
    }

    private void lateArrivals(int room) {
      if (room > 0) {
        for (Pending p : take(q, room)) {
          if (fits(p)) {
            open.add(p);
          }
        }
      }
    }

    /** One round: MAIL FROM (the first time), a RCPT per open address, the catch-all RCPT. */
    private void round() {
      List<Pending> batch = List.copyOf(open);
      // SMTPUTF8 on MAIL FROM whenever the server offers it: late arrivals may need it
      String mailLine = "MAIL FROM:<" + mailFrom + ">" + (utf8Supported ? " SMTPUTF8" : "");
      List<String> rcpts = new ArrayList<>(batch.size() + 1);
      for (Pending p : batch) {
        rcpts.add("RCPT TO:<" + p.address() + ">");
      }
      String probe = null;
      if (pipelining && all == null && !probed) {
        probe = catchAllProbe(domain); // without pipelining it waits for an accepted address
        rcpts.add("RCPT TO:<" + probe + ">");
      }
      rcptsSent.addAndGet(rcpts.size());
      boolean withProbe = probe != null;
      if (pipelining) {
        // RFC 2920: MAIL FROM, every RCPT and the catch-all RCPT in one write, one round trip
        List<String> lines = new ArrayList<>(rcpts.size() + 1);
        if (first) {
          lines.add(mailLine);
        }
        lines.addAll(rcpts);
        List<CompletableFuture<Reply>> replies = conn().send(lines);
        List<CompletableFuture<Reply>> rcptReplies = first ? replies.subList(1, replies.size())
            : replies;
        CompletableFuture<Reply> mail = first ? replies.get(0) : null;
        first = false;
        Runnable rest = () -> CompletableFuture.allOf(rcptReplies.toArray(CompletableFuture[]::new))
            .whenComplete(step(v -> answered(batch, withProbe,
                rcptReplies.stream().map(CompletableFuture::join).toList())));
        if (mail == null) {
          rest.run();
        } else {
          mail.whenComplete(step(m -> {
            if (m.code() / 100 != 2) {
              senderRefused(m, false); // pipelined RCPT replies are still in flight: disconnect
            } else {
              rest.run();
            }
          }));
        }
      } else if (first) {
        first = false;
        conn().send(mailLine).whenComplete(step(m -> {
          if (m.code() / 100 != 2) {
            senderRefused(m, true);
          } else {
            oneByOne(rcpts, new ArrayList<>(), replies -> answered(batch, false, replies));
          }
        }));
      } else {
        oneByOne(rcpts, new ArrayList<>(), replies -> answered(batch, false, replies));
      }
    }

    /** Sends the lines one round trip each (the server does not pipeline). */
    private void oneByOne(List<String> lines, List<Reply> replies, Consumer<List<Reply>> then) {
      if (replies.size() == lines.size()) {
        then.accept(replies);
        return;
      }
      conn().send(lines.get(replies.size())).whenComplete(step(r -> {
        replies.add(r);
        oneByOne(lines, replies, then);
      }));
    }

    private void senderRefused(Reply mail, boolean sayQuit) {
      ProbeResult r = result(ReplyClassifier.session(mail.code()), mail, host,
          "the server refused the sender");
      answerAll(r);
      if (sayQuit) {
        quit(r);
      } else {
        end(r);
      }
    }

    /** The replies of a round: one per address of the batch, then the catch-all RCPT's. */
    private void answered(List<Pending> batch, boolean withProbe, List<Reply> replies) {
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        Reply reply = replies.get(i);
        used++;
        ProbeResult r = result(ReplyClassifier.rcpt(reply.code(), reply.text()), reply, host,
            "RCPT TO answered " + reply.code());
        open.remove(0);
        if (r.verdict() == Verdict.ACCEPTED) {
          accepted.add(p);
          acceptedReplies.add(r);
        } else {
          complete(domain, mx, p, r, answers);
        }
      }
      if (withProbe) {
        probed = true;
        all = catchAllAnswer(domain, replies.get(batch.size()).code());
      }
      lateArrivals(maxRcptPerSession - used); // late arrivals share this session
      if (!open.isEmpty()) {
        round(); // (answers are held until QUIT has shown the replies were in step)
      } else if (!accepted.isEmpty() && all == null && !probed) {
        rcptsSent.incrementAndGet();
        conn().send("RCPT TO:<" + catchAllProbe(domain) + ">").whenComplete(step(r -> {
          probed = true;
          all = catchAllAnswer(domain, r.code());
          finish();
        }));
      } else {
        finish();
      }
    }

    private void finish() {
      settleAccepted();
      quit(ProbeResult.unreachable(host, "done"));
    }

    /**
     * Answers the accepted addresses: catch-all when the domain accepts anything, else accepted
     * (also when the session broke before the catch-all test: the server did accept them).
     */
    private void settleAccepted() {
      for (int i = 0; i < accepted.size(); i++) {
        ProbeResult r = acceptedReplies.get(i);
        if (Boolean.TRUE.equals(all)) {
          r = new ProbeResult(Verdict.CATCH_ALL, r.code(), r.enhancedCode(), r.text(), host,
              "the server accepts any address at " + domain);
        }
        answers.add(new Answer(accepted.get(i), r));
      }
      accepted.clear();
      acceptedReplies.clear();
    }

    private void answerAll(ProbeResult r) {
      for (Pending p : open) {
        complete(domain, List.of(), p, r, answers);
      }
      open.clear();
    }

    /**
     * Says QUIT, then hands the answers over. QUIT's reply is 221 (RFC 5321 section 4.3.2): any
     * other code means the server sent more replies than it was asked for, so every reply of the
     * session answered the command before its own, and none of its answers is trusted.
     */
    private void quit(ProbeResult outcomeForTheRest) {
      conn().send("QUIT").whenComplete((r, e) -> {
        if (r != null && r.code() != 221) {
          if (probed) {
            catchAll.invalidate(domain); // the catch-all answer came out of step too
          }
          settleAccepted();
          List<Answer> held = drainAnswers();
          ProbeResult out = ProbeResult.inconclusive(r.code(), host,
              "the server's replies were out of step with the commands (QUIT was answered "
                  + r.code() + "): no answer of this session is trusted");
          for (Answer a : held) {
            answers.add(new Answer(a.pending(), out));
          }
        }
        end(outcomeForTheRest);
      });
    }

    private void end(ProbeResult r) {
      if (outcome.isDone()) {
        return;
      }
      if (c != null) {
        c.close();
        live.remove(c);
      }
      settleAccepted(); // a session that broke after RCPTs were accepted still answers them
      deliver(drainAnswers());
      outcome.complete(r);
    }

    private List<Answer> drainAnswers() {
      List<Answer> out = List.copyOf(answers);
      answers.clear();
      return out;
    }
  }

  private String catchAllProbe(String domain) {
    return "mailvet-" + HexFormat.of().formatHex(randomBytes()) + "@" + domain;
  }

  /** Caches a definite catch-all answer (2xx yes, 5xx no); a 4xx leaves it unknown. */
  private @Nullable Boolean catchAllAnswer(String domain, int code) {
    if (code / 100 != 2 && code / 100 != 5) {
      return null;
    }
    boolean all = code / 100 == 2;
    catchAll.put(domain, all);
    return all;
  }

  /** Queues an answer, or schedules the one greylist re-check. */
  private void complete(String domain, List<MxHost> mx, Pending p, ProbeResult r,
      List<Answer> out) {
    if (r.verdict() == Verdict.TEMPORARY && greylistRetry != null && p.attempt() == 0
        && !mx.isEmpty() && !closed) {
      io.schedule(() -> enqueue(domain, mx, new Pending(p.address(), p.utf8(), 1, p.future())),
          greylistRetry.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    out.add(new Answer(p, r));
  }

  /** Completes the futures on a callback thread: callers' continuations never run on I/O. */
  private static void deliver(List<Answer> answers) {
    if (!answers.isEmpty()) {
      Callbacks.POOL.execute(() -> {
        for (Answer a : answers) {
          a.pending().future().complete(a.result());
        }
      });
    }
  }

  private static ProbeResult result(Verdict v, Reply reply, String host, String detail) {
    String text = clip(collapseSpaces(reply.text()).strip());
    return new ProbeResult(v, reply.code(), ReplyClassifier.enhanced(text), text, host, detail);
  }

  /**
   * Each run of white space ({@code [ \t\n\x0B\f\r]}, as regex {@code \s}) as one space: a
   * multi-line reply on one line. A loop, not a regex: it runs once per address.
   */
  static String collapseSpaces(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean inRun = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        if (!inRun) {
          b.append(' ');
        }
        inRun = true;
      } else {
        b.append(c);
        inRun = false;
      }
    }
    return b.toString();
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** Runs the task when the host's minimum interval between session starts allows. */
  private void paced(String host, Runnable task) {
    if (minIntervalNanos <= 0) {
      task.run();
      return;
    }
    long now = System.nanoTime();
    long[] wait = new long[1];
    // reserve the next start slot for this host: max(previous slot, now), then move it on
    hostNextStart.compute(host, (k, next) -> {
      long start = next == null ? now : Math.max(next, now);
      wait[0] = start - now;
      return start + minIntervalNanos;
    });
    if (hostNextStart.size() > 10_000) {
      // a host whose next slot has passed is as if never seen; the removal is conditional on
      // the value, so a reservation made meanwhile stays
      hostNextStart.entrySet().removeIf(e -> e.getValue() - now <= 0);
    }
    if (wait[0] > 0) {
      io.schedule(task, wait[0], TimeUnit.NANOSECONDS);
    } else {
      task.run();
    }
  }

  /** MX hosts with a session in progress or waiting (each holds a per-host limit). */
  int hostsInUse() {
    return hostSlots.size();
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String clip(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  /** The SSRF guard's test (see {@link PublicAddresses}). */
  static boolean isPublic(InetAddress a) {
    return PublicAddresses.isPublic(a);
  }

  private static String localHostName() {
    try {
      String n = InetAddress.getLocalHost().getCanonicalHostName();
      return n == null || n.isBlank() ? "localhost.localdomain" : n;
    } catch (UnknownHostException e) {
      return "localhost.localdomain";
    }
  }

  /**
   * Stops: open sessions are closed and every address still waiting is answered "unreachable".
   * The shared I/O threads stay (they are daemons and serve other probers).
   */
  @Override
  public void close() {
    closed = true;
    for (SmtpConnection c : live) {
      c.close();
    }
    for (Map.Entry<String, DomainQueue> e : queues.entrySet()) {
      List<Answer> out = new ArrayList<>();
      for (Pending p : take(e.getValue(), Integer.MAX_VALUE)) {
        out.add(new Answer(p, shutDown()));
      }
      deliver(out);
    }
  }

  /** Builds an {@link SmtpProber}. */
  public static final class Builder {
    private int port = 25;
    private @Nullable String heloName;
    private String mailFrom = "";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration commandTimeout = Duration.ofSeconds(15);
    private Duration sessionTimeout = Duration.ofMinutes(2);
    private boolean allowPrivate;
    private int maxSessions = 32;
    private int maxSessionsPerHost = 2;
    private Duration minIntervalPerHost = Duration.ZERO;
    private int maxRcptPerSession = 25;
    private boolean pipelining = true;
    private Duration catchAllTtl = Duration.ofHours(1);
    private @Nullable Duration greylistRetry;
    private MxOwnership ownership = MxOwnership.local();
    private int ownerKeySlots = 1;

    private Builder() {
    }

    /** The SMTP port (default 25). */
    public Builder port(int value) {
      if (value < 1 || value > 65535) {
        throw new IllegalArgumentException("port must be within 1..65535: " + value);
      }
      this.port = value;
      return this;
    }

    /**
     * The EHLO/HELO name (default: this machine's host name). Use a name whose forward and
     * reverse DNS match the probing IP; receivers check it.
     */
    public Builder heloName(String value) {
      Objects.requireNonNull(value, "heloName");
      if (value.isBlank() || value.contains(" ") || value.contains("@")) {
        throw new IllegalArgumentException("heloName must be a host name: '" + value + "'");
      }
      this.heloName = value;
      return this;
    }

    /** The MAIL FROM address (default the null reverse-path {@code <>}). */
    public Builder mailFrom(String value) {
      Objects.requireNonNull(value, "mailFrom");
      if (!value.isEmpty() && (value.indexOf('@') <= 0 || value.contains(" ")
          || value.contains("<") || value.contains(">"))) {
        throw new IllegalArgumentException("mailFrom must be an address or empty: '" + value
            + "'");
      }
      this.mailFrom = value;
      return this;
    }

    /** Connect timeout (default 10 s). */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = positive(value, "connectTimeout");
      return this;
    }

    /** Timeout for each reply (default 15 s). */
    public Builder commandTimeout(Duration value) {
      this.commandTimeout = positive(value, "commandTimeout");
      return this;
    }

    /**
     * The longest one SMTP session may last, whatever pace the server replies at (default
     * 2 min): a server that drips a byte at a time within the reply timeout is cut off, and its
     * addresses are answered {@code unreachable}.
     */
    public Builder sessionTimeout(Duration value) {
      this.sessionTimeout = positive(value, "sessionTimeout");
      return this;
    }

    /** Allow MX addresses that are loopback, private or link-local (tests, intranets). */
    public Builder allowPrivateAddresses(boolean value) {
      this.allowPrivate = value;
      return this;
    }

    /** Sessions in progress at once, over all hosts (default 32). */
    public Builder maxSessions(int value) {
      this.maxSessions = range(value, 1, 10_000, "maxSessions");
      return this;
    }

    /** Sessions in progress at once per MX host (default 2). */
    public Builder maxSessionsPerHost(int value) {
      this.maxSessionsPerHost = range(value, 1, 1000, "maxSessionsPerHost");
      return this;
    }

    /** Minimum interval between session starts per MX host (default none). */
    public Builder minIntervalPerHost(Duration value) {
      Objects.requireNonNull(value, "minIntervalPerHost");
      if (value.isNegative()) {
        throw new IllegalArgumentException("minIntervalPerHost must not be negative");
      }
      this.minIntervalPerHost = value;
      return this;
    }

    /** RCPT commands per session (default 25). */
    public Builder maxRcptPerSession(int value) {
      this.maxRcptPerSession = range(value, 1, 100, "maxRcptPerSession");
      return this;
    }

    /**
     * Whether to send MAIL FROM and the RCPTs of a session in one write when the server
     * advertises PIPELINING (RFC 2920; default true): one round trip instead of one per address.
     */
    public Builder pipelining(boolean value) {
      this.pipelining = value;
      return this;
    }

    /** How long a domain's catch-all answer is remembered (default 1 h). */
    public Builder catchAllTtl(Duration value) {
      this.catchAllTtl = positive(value, "catchAllTtl");
      return this;
    }

    /** Re-check a greylisted (4xx) address once after this delay (default: no re-check). */
    public Builder greylistRetry(@Nullable Duration value) {
      this.greylistRetry = value == null ? null : positive(value, "greylistRetry");
      return this;
    }

    /**
     * Who may open sessions to a mail server (default {@link MxOwnership#local()}: this
     * process alone). With several processes probing, a shared implementation grants each mail
     * server's owner key to one of them at a time, so the per-host limits hold across all.
     */
    public Builder ownership(MxOwnership value) {
      this.ownership = Objects.requireNonNull(value, "ownership");
      return this;
    }

    /**
     * Splits each known mail provider's owner key into this many keys by address (default 1),
     * for processes with egress IPs of their own that share an {@link #ownership(MxOwnership)}:
     * see {@link MailRoute#slot(List, String, int)}. A domain's addresses of one slot share a
     * session; other mail servers keep one key. Every process must use the same value.
     */
    public Builder ownerKeySlots(int value) {
      this.ownerKeySlots = MailRoute.requireSlots(value);
      return this;
    }

    private static int range(int v, int min, int max, String what) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(what + " must be within " + min + ".." + max + ": "
            + v);
      }
      return v;
    }

    /** The prober. */
    public SmtpProber build() {
      return new SmtpProber(this);
    }
  }
}
