package io.github.mailvet.smtp;

import static io.github.mailvet.internal.Args.positive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mailvet.dns.MxHost;
import io.github.mailvet.smtp.ProbeResult.Verdict;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.net.smtp.SMTP;
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
 * <pre>{@code
 * SmtpProber smtp = SmtpProber.builder().heloName("verifier.example.com")
 *     .mailFrom("bounce@verifier.example.com").build();
 * }</pre>
 */
public final class SmtpProber implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final int port;
  private final String heloName;
  private final String mailFrom;
  private final int connectTimeoutMs;
  private final int commandTimeoutMs;
  private final boolean allowPrivate;
  private final int maxSessionsPerHost;
  private final long minIntervalNanos;
  private final int maxRcptPerSession;
  private final boolean usePipelining;
  private final @Nullable Duration greylistRetry;
  private final ExecutorService sessions;
  private final ScheduledExecutorService scheduler;
  private final Map<String, DomainQueue> queues = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> hostSlots = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> hostNextStart = new ConcurrentHashMap<>();
  private final Cache<String, Boolean> catchAll;
  private final AtomicLong sessionsOpened = new AtomicLong();
  private final AtomicLong rcptsSent = new AtomicLong();
  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

  private record Pending(String address, boolean utf8, int attempt,
      CompletableFuture<ProbeResult> future) { }

  private static final class DomainQueue {
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    boolean active;
  }

  private SmtpProber(Builder b) {
    this.port = b.port;
    this.heloName = b.heloName != null ? b.heloName : localHostName();
    this.mailFrom = b.mailFrom;
    this.connectTimeoutMs = (int) b.connectTimeout.toMillis();
    this.commandTimeoutMs = (int) b.commandTimeout.toMillis();
    this.allowPrivate = b.allowPrivate;
    this.maxSessionsPerHost = b.maxSessionsPerHost;
    this.minIntervalNanos = b.minIntervalPerHost.toNanos();
    this.maxRcptPerSession = b.maxRcptPerSession;
    this.usePipelining = b.pipelining;
    this.greylistRetry = b.greylistRetry;
    this.sessions = Executors.newFixedThreadPool(b.maxSessions, r -> {
      Thread t = new Thread(r, "mailvet-smtp");
      t.setDaemon(true);
      return t;
    });
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mailvet-smtp-retry");
      t.setDaemon(true);
      return t;
    });
    this.catchAll = Caffeine.newBuilder().maximumSize(100_000)
        .expireAfterWrite(b.catchAllTtl).build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Probes one address at a domain whose MX hosts (with addresses) are known. Never completes
   * exceptionally.
   *
   * @param domain   the domain, ASCII form
   * @param mx       its MX hosts in preference order
   * @param address  the address as it goes on the envelope
   * @param smtpUtf8 whether the address needs the SMTPUTF8 extension
   */
  public CompletableFuture<ProbeResult> probe(String domain, List<MxHost> mx, String address,
      boolean smtpUtf8) {
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
    boolean start;
    DomainQueue q;
    while (true) {
      q = queues.computeIfAbsent(domain, k -> new DomainQueue());
      synchronized (q) {
        if (queues.get(domain) != q) {
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
      try {
        sessions.execute(() -> drain(domain, mx, queue));
      } catch (RuntimeException rejected) {
        failAll(queue, new ProbeResult(Verdict.UNREACHABLE, 0, "", "", "",
            "the prober is shut down"));
      }
    }
  }

  /** Runs sessions until the domain's queue is empty. */
  private void drain(String domain, List<MxHost> mx, DomainQueue q) {
    try {
      while (true) {
        List<Pending> batch = take(q, maxRcptPerSession);
        if (batch.isEmpty()) {
          synchronized (q) {
            if (q.pending.isEmpty()) {
              q.active = false;
              queues.remove(domain, q);
              return;
            }
          }
          continue;
        }
        session(domain, mx, batch, q);
      }
    } catch (RuntimeException | Error e) {
      failAll(q, new ProbeResult(Verdict.UNREACHABLE, 0, "", "", "",
          "internal error: " + e.getClass().getSimpleName()));
      synchronized (q) {
        q.active = false;
        queues.remove(domain, q);
      }
    }
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

  private static void failAll(DomainQueue q, ProbeResult r) {
    for (Pending p : take(q, Integer.MAX_VALUE)) {
      p.future().complete(r);
    }
  }

  /** Tries the MX hosts in preference order until one holds a session for the batch. */
  private void session(String domain, List<MxHost> mx, List<Pending> batch, DomainQueue q) {
    ProbeResult failure = new ProbeResult(Verdict.UNREACHABLE, 0, "", "", "",
        "no MX host could be reached");
    List<Pending> open = new ArrayList<>(batch);
    for (MxHost host : mx) {
      for (String ip : host.addresses()) {
        InetAddress addr;
        try {
          addr = InetAddress.getByName(ip); // a literal: no DNS lookup here
        } catch (UnknownHostException e) {
          continue;
        }
        if (!allowPrivate && !isPublic(addr)) {
          failure = new ProbeResult(Verdict.UNREACHABLE, 0, "", "", host.host(),
              "refused to connect to the non-public address " + ip + " of " + host.host()
                  + " (SSRF guard; allow private MX addresses to probe it)");
          continue;
        }
        Semaphore slot = hostSlots.computeIfAbsent(host.host(),
            k -> new Semaphore(maxSessionsPerHost));
        slot.acquireUninterruptibly();
        try {
          pace(host.host());
          ProbeResult f = talk(domain, mx, host.host(), addr, open, q);
          if (open.isEmpty()) {
            return;
          }
          failure = f;
        } finally {
          slot.release();
        }
      }
    }
    for (Pending p : open) {
      complete(domain, mx, p, failure);
    }
  }

  /**
   * One SMTP session. Completes the futures of the addresses it got an answer for and removes
   * them from {@code open}; returns why the rest could not be answered on this host.
   */
  private ProbeResult talk(String domain, List<MxHost> mx, String host, InetAddress addr,
      List<Pending> open, DomainQueue q) {
    PipeliningSmtp smtp = new PipeliningSmtp();
    smtp.setConnectTimeout(connectTimeoutMs);
    smtp.setDefaultTimeout(commandTimeoutMs);
    try {
      sessionsOpened.incrementAndGet();
      smtp.connect(addr, port);
      smtp.setSoTimeout(commandTimeoutMs);
      int banner = smtp.getReplyCode();
      if (banner / 100 != 2) {
        ProbeResult r = result(ReplyClassifier.session(banner), smtp, host,
            "the server refused the connection");
        if (r.verdict() == Verdict.SENDER_REJECTED) {
          completeAll(domain, open, r);
        }
        return r;
      }
      int ehlo = smtp.sendCommand("EHLO", heloName);
      boolean utf8Supported = false;
      boolean pipelining = false;
      if (ehlo / 100 == 2) {
        for (String line : smtp.getReplyStrings()) {
          String keyword = line.length() > 4 ? line.substring(4).strip().toUpperCase(Locale.ROOT)
              : "";
          utf8Supported |= keyword.startsWith("SMTPUTF8");
          pipelining |= usePipelining && keyword.startsWith("PIPELINING");
        }
      } else if (smtp.helo(heloName) / 100 != 2) {
        return result(ReplyClassifier.session(smtp.getReplyCode()), smtp, host,
            "the server refused EHLO and HELO");
      }
      for (Pending p : List.copyOf(open)) {
        if (p.utf8() && !utf8Supported) {
          open.remove(p);
          complete(domain, List.of(), p, new ProbeResult(Verdict.SMTPUTF8_UNSUPPORTED, 0, "", "",
              host, "the address needs SMTPUTF8, which " + host + " does not advertise"));
        }
      }
      if (open.isEmpty()) {
        quietQuit(smtp);
        return new ProbeResult(Verdict.UNREACHABLE, 0, "", "", host, "nothing left to ask");
      }
      // addresses that arrived while the session was being set up share it
      if (open.size() < maxRcptPerSession) {
        for (Pending p : take(q, maxRcptPerSession - open.size())) {
          if (p.utf8() && !utf8Supported) {
            complete(domain, List.of(), p, new ProbeResult(Verdict.SMTPUTF8_UNSUPPORTED, 0, "",
                "", host, "the address needs SMTPUTF8, which " + host + " does not advertise"));
          } else {
            open.add(p);
          }
        }
      }
      // SMTPUTF8 on MAIL FROM whenever the server offers it: late arrivals may need it
      String mailLine = "MAIL FROM:<" + mailFrom + ">" + (utf8Supported ? " SMTPUTF8" : "");
      List<Pending> accepted = new ArrayList<>();
      List<ProbeResult> acceptedReplies = new ArrayList<>();
      Boolean all = catchAll.getIfPresent(domain);
      boolean probed = false;
      boolean first = true;
      int used = 0;
      while (!open.isEmpty()) {
        List<Pending> batch = List.copyOf(open);
        String probe = null;
        if (pipelining) {
          // RFC 2920: MAIL FROM, every RCPT and the catch-all RCPT in one write, one round trip
          List<String> lines = new ArrayList<>(batch.size() + 2);
          if (first) {
            lines.add(mailLine);
          }
          for (Pending p : batch) {
            lines.add("RCPT TO:<" + p.address() + ">");
          }
          if (all == null && !probed) {
            probe = catchAllProbe(domain);
            lines.add("RCPT TO:<" + probe + ">");
          }
          smtp.pipeline(lines);
          rcptsSent.addAndGet(lines.size() - (first ? 1 : 0));
        }
        if (first) {
          first = false;
          int mail = pipelining ? smtp.getReply() : smtp.sendCommand(mailLine);
          if (mail / 100 != 2) {
            ProbeResult r = result(ReplyClassifier.session(mail), smtp, host,
                "the server refused the sender");
            completeAll(domain, open, r);
            if (!pipelining) {
              quietQuit(smtp); // pipelined RCPT replies are still in flight: just disconnect
            }
            return r;
          }
        }
        for (Pending p : batch) {
          int code = pipelining ? smtp.getReply() : rcpt(smtp, p.address());
          used++;
          ProbeResult r = result(ReplyClassifier.rcpt(code, smtp.getReplyString()), smtp, host,
              "RCPT TO answered " + code);
          open.remove(0);
          if (r.verdict() == Verdict.ACCEPTED) {
            accepted.add(p);
            acceptedReplies.add(r);
          } else {
            complete(domain, mx, p, r);
          }
        }
        if (probe != null) {
          probed = true;
          all = catchAllAnswer(domain, smtp.getReply());
        }
        if (used < maxRcptPerSession) {
          open.addAll(take(q, maxRcptPerSession - used)); // late arrivals share this session
        }
      }
      if (!accepted.isEmpty()) {
        if (all == null && !probed) {
          all = catchAllAnswer(domain, rcpt(smtp, catchAllProbe(domain)));
        }
        for (int i = 0; i < accepted.size(); i++) {
          ProbeResult r = acceptedReplies.get(i);
          if (Boolean.TRUE.equals(all)) {
            r = new ProbeResult(Verdict.CATCH_ALL, r.code(), r.enhancedCode(), r.text(), host,
                "the server accepts any address at " + domain);
          }
          accepted.get(i).future().complete(r);
        }
      }
      quietQuit(smtp);
      return new ProbeResult(Verdict.UNREACHABLE, 0, "", "", host, "done");
    } catch (IOException e) {
      return new ProbeResult(Verdict.UNREACHABLE, 0, "", "", host,
          host + " failed: " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " (" + clip(e.getMessage()) + ")"));
    } finally {
      try {
        if (smtp.isConnected()) {
          smtp.disconnect();
        }
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  private int rcpt(SMTP smtp, String address) throws IOException {
    rcptsSent.incrementAndGet();
    return smtp.rcpt("<" + address + ">");
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

  /** Completes a future, or schedules the one greylist re-check. */
  private void complete(String domain, List<MxHost> mx, Pending p, ProbeResult r) {
    if (r.verdict() == Verdict.TEMPORARY && greylistRetry != null && p.attempt() == 0
        && !mx.isEmpty()) {
      scheduler.schedule(() -> enqueue(domain, mx,
          new Pending(p.address(), p.utf8(), 1, p.future())),
          greylistRetry.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    p.future().complete(r);
  }

  private void completeAll(String domain, List<Pending> open, ProbeResult r) {
    for (Pending p : open) {
      complete(domain, List.of(), p, r);
    }
    open.clear();
  }

  private static ProbeResult result(Verdict v, SMTP smtp, String host, String detail) {
    String text = clip(SPACES.matcher(String.join(" ", smtp.getReplyStrings())).replaceAll(" ")
        .strip());
    return new ProbeResult(v, smtp.getReplyCode(), ReplyClassifier.enhanced(text), text, host,
        detail);
  }

  private void pace(String host) {
    if (minIntervalNanos <= 0) {
      return;
    }
    AtomicLong next = hostNextStart.computeIfAbsent(host, k -> new AtomicLong(Long.MIN_VALUE));
    long now = System.nanoTime();
    // reserve the next start slot for this host: max(previous slot, now), then move it on
    long slot = next.getAndUpdate(prev -> Math.max(prev, now) + minIntervalNanos);
    long wait = Math.max(slot, now) - now;
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void quietQuit(SMTP smtp) {
    try {
      smtp.quit();
    } catch (IOException ignored) {
      // the server may close first
    }
  }

  /** commons-net's SMTP client plus RFC 2920 pipelining: several commands in one write. */
  private static final class PipeliningSmtp extends SMTP {
    PipeliningSmtp() {
      super("UTF-8");
    }

    /** Writes the command lines at once; read each reply with {@link #getReply()}. */
    void pipeline(List<String> lines) throws IOException {
      StringBuilder b = new StringBuilder();
      for (String line : lines) {
        b.append(line).append("\r\n");
      }
      // the command writer is flushed after every command, so the socket stream is in order
      _output_.write(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      _output_.flush();
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String clip(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  /**
   * Whether an address is public: not loopback, private (RFC 1918, RFC 4193), link-local,
   * multicast, unspecified, shared (RFC 6598), benchmarking (RFC 2544) or reserved.
   */
  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress()
        || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int o0 = b[0] & 0xFF;
      int o1 = b[1] & 0xFF;
      return !(o0 == 0 || (o0 == 100 && o1 >= 64 && o1 < 128) || (o0 == 198 && (o1 & 0xFE) == 18)
          || o0 >= 240 || (o0 == 192 && o1 == 0 && (b[2] & 0xFF) == 0));
    }
    if (a instanceof Inet6Address) {
      return (b[0] & 0xFE) != 0xFC; // fc00::/7 unique local
    }
    return false;
  }

  private static String localHostName() {
    try {
      String n = InetAddress.getLocalHost().getCanonicalHostName();
      return n == null || n.isBlank() ? "localhost.localdomain" : n;
    } catch (UnknownHostException e) {
      return "localhost.localdomain";
    }
  }

  @Override
  public void close() {
    sessions.shutdownNow();
    scheduler.shutdownNow();
  }

  /** Builds an {@link SmtpProber}. */
  public static final class Builder {
    private int port = 25;
    private @Nullable String heloName;
    private String mailFrom = "";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration commandTimeout = Duration.ofSeconds(15);
    private boolean allowPrivate;
    private int maxSessions = 32;
    private int maxSessionsPerHost = 2;
    private Duration minIntervalPerHost = Duration.ZERO;
    private int maxRcptPerSession = 25;
    private boolean pipelining = true;
    private Duration catchAllTtl = Duration.ofHours(1);
    private @Nullable Duration greylistRetry;

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
