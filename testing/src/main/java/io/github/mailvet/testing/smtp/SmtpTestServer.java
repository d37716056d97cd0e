package io.github.mailvet.testing.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A scripted SMTP server on loopback for tests: per-domain recipient behaviours (listed
 * mailboxes, catch-all, greylisting, mailbox full, sender refused) and per-server connection
 * behaviours (421 or 554 at connect, slow banner, disconnect after EHLO, SMTPUTF8 advertised or
 * not, a delay before every reply). It never relays or stores anything: DATA is refused.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SmtpTestServer smtp = SmtpTestServer.builder()
 *     .mailboxes("example.org", "ada", "grace")     // others get 550 5.1.1
 *     .catchAll("catchall.example").greylist("grey.example").start();
 * }</pre>
 */
public final class SmtpTestServer implements AutoCloseable, AfterAllCallback {

  /** What the server does with recipients at a domain. */
  public enum Behaviour {
    /** Listed mailboxes get 250, the rest 550 5.1.1. */
    MAILBOXES,
    /** Every recipient gets 250. */
    CATCH_ALL,
    /** 451 4.7.1 the first time a recipient is tried, then as MAILBOXES. */
    GREYLIST,
    /** 552 5.2.2 for every recipient. */
    MAILBOX_FULL,
    /** 550 5.7.1 aimed at the sender, for every recipient. */
    SENDER_REFUSED,
    /** 550 "Requested action not taken: mailbox unavailable" without an enhanced code. */
    OUTLOOK_STYLE_UNKNOWN,
    /** 554 "delivery error: dd This user doesn't have an account" (no enhanced code). */
    YAHOO_STYLE_UNKNOWN
  }

  private static final java.util.regex.Pattern ANGLES = java.util.regex.Pattern.compile("^<|>.*$");

  private final Map<String, Behaviour> domains;
  private final Map<String, Set<String>> mailboxes;
  private final String connectReply;
  private final Duration bannerDelay;
  private final Duration replyDelay;
  private final boolean disconnectAfterEhlo;
  private final boolean smtpUtf8;
  private final boolean pipelining;
  private final String mailFromReply;
  private final Hostile hostile;
  private final Duration hostileInterval;
  private final ServerSocket socket;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "smtp-test-server");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger peakOpen = new AtomicInteger();
  /** Open sessions by the EHLO/HELO name the client gave; guarded by itself. */
  private final Map<String, Integer> openByClient = new java.util.HashMap<>();
  private final Map<String, Integer> sessionsByClient = new ConcurrentHashMap<>();
  private final AtomicInteger peakClients = new AtomicInteger();
  private final Queue<Long> acceptedAt = new ConcurrentLinkedQueue<>();
  private final AtomicInteger rcpts = new AtomicInteger();
  private final AtomicInteger pipelined = new AtomicInteger();
  private final Set<String> greylisted = ConcurrentHashMap.newKeySet();
  private final Queue<String> transcript = new ConcurrentLinkedQueue<>(); // appends in O(1)
  private volatile boolean running = true;

  private SmtpTestServer(Builder b) throws IOException {
    this.domains = Map.copyOf(b.domains);
    this.mailboxes = Map.copyOf(b.mailboxes);
    this.connectReply = b.connectReply;
    this.bannerDelay = b.bannerDelay;
    this.replyDelay = b.replyDelay;
    this.disconnectAfterEhlo = b.disconnectAfterEhlo;
    this.smtpUtf8 = b.smtpUtf8;
    this.pipelining = b.pipelining;
    this.mailFromReply = b.mailFromReply;
    this.hostile = b.hostile;
    this.hostileInterval = b.hostileInterval;
    this.socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getByName(b.bind), b.port), 256);
    Thread accept = new Thread(this::acceptLoop, "smtp-test-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port. */
  public int port() {
    return socket.getLocalPort();
  }

  /** Connections accepted so far. */
  public int sessions() {
    return sessions.get();
  }

  /** The most connections that were open at once so far. */
  public int peakConcurrentSessions() {
    return peakOpen.get();
  }

  /** When each connection was accepted ({@link System#nanoTime()}), in order. */
  public List<Long> acceptTimes() {
    return List.copyOf(acceptedAt);
  }

  /**
   * The most distinct clients, told apart by the name they gave in EHLO or HELO, that had a
   * session open at the same moment: 1 means the clients took turns (several processes probing
   * one mail server through one owner at a time).
   */
  public int peakConcurrentClients() {
    return peakClients.get();
  }

  /** Sessions so far by the EHLO/HELO name the client gave. */
  public Map<String, Integer> sessionsByClient() {
    return Map.copyOf(sessionsByClient);
  }

  private void clientOpened(String name) {
    sessionsByClient.merge(name, 1, Integer::sum);
    synchronized (openByClient) {
      openByClient.merge(name, 1, Integer::sum);
      peakClients.accumulateAndGet(openByClient.size(), Math::max);
    }
  }

  private void clientClosed(String name) {
    synchronized (openByClient) {
      openByClient.computeIfPresent(name, (k, v) -> v == 1 ? null : v - 1);
    }
  }

  /** RCPT commands received so far. */
  public int rcptCommands() {
    return rcpts.get();
  }

  /**
   * Commands that had already arrived when the server was about to answer the one before
   * (the client pipelined them, RFC 2920).
   */
  public int pipelinedCommands() {
    return pipelined.get();
  }

  /** Every command received, in order ({@code "EHLO x"}, {@code "MAIL FROM:<...>"}, ...). */
  public List<String> transcript() {
    return List.copyOf(transcript);
  }

  private void acceptLoop() {
    while (running) {
      try {
        Socket s = socket.accept();
        acceptedAt.add(System.nanoTime());
        sessions.incrementAndGet();
        peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        workers.execute(() -> {
          boolean[] counted = {true};
          try {
            serve(s, counted);
          } finally {
            if (counted[0]) {
              open.decrementAndGet();
            }
          }
        });
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** Serves one connection; it stops counting as open when it answers QUIT or ends. */
  private void serve(Socket s, boolean[] counted) {
    String[] client = new String[1];
    try {
      serve(s, counted, client);
    } finally {
      if (client[0] != null) {
        clientClosed(client[0]);
      }
    }
  }

  private void serve(Socket s, boolean[] counted, String[] client) {
    try (s) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(
          new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      sleep(bannerDelay);
      if (hostile != Hostile.NONE && hostile != Hostile.REPLY_DESYNC) {
        fightBack(s, out);
        return;
      }
      if (!connectReply.startsWith("220")) {
        send(out, connectReply);
        return;
      }
      send(out, "220 mx.test ESMTP mailvet-test-server");
      // Replies to pipelined commands are buffered and sent as a unit once no more input is
      // waiting (RFC 2920 section 3.2; Postfix flushes the same way). Each reply still costs
      // the reply delay: the unit goes out after the sum of its replies' delays.
      Replies replies = new Replies(out);
      boolean mail = false;
      String line;
      while ((line = in.readLine()) != null) {
        transcript.add(line);
        String upper = line.toUpperCase(Locale.ROOT);
        boolean more = in.ready();
        if (more) {
          pipelined.incrementAndGet();
        }
        replies.delay += replyDelay.toNanos();
        if ((upper.startsWith("EHLO ") || upper.startsWith("HELO ")) && client[0] == null) {
          client[0] = line.substring(5).trim();
          clientOpened(client[0]);
        }
        if (upper.startsWith("EHLO ")) {
          if (disconnectAfterEhlo) {
            replies.flush();
            return;
          }
          replies.add("250-mx.test greets you\r\n" + (pipelining ? "250-PIPELINING\r\n" : "")
              + (smtpUtf8 ? "250-SMTPUTF8\r\n" : "") + "250 8BITMIME");
        } else if (upper.startsWith("HELO ")) {
          replies.add("250 mx.test");
        } else if (upper.startsWith("MAIL FROM:")) {
          if (upper.contains("SMTPUTF8") && !smtpUtf8) {
            replies.add("555 5.5.4 SMTPUTF8 not supported");
          } else if (!mailFromReply.startsWith("2")) {
            replies.add(mailFromReply);
          } else {
            mail = true;
            if (hostile == Hostile.REPLY_DESYNC) {
              replies.add("250 2.1.0 Sender OK"); // one reply too many: every later one shifts
            }
            replies.add("250 2.1.0 Sender OK");
          }
        } else if (upper.startsWith("RCPT TO:")) {
          rcpts.incrementAndGet();
          replies.add(mail ? rcpt(line.substring(8).strip()) : "503 5.5.1 MAIL first");
        } else if (upper.startsWith("RSET")) {
          mail = false;
          replies.add("250 2.0.0 OK");
        } else if (upper.startsWith("NOOP")) {
          replies.add("250 2.0.0 OK");
        } else if (upper.startsWith("QUIT")) {
          open.decrementAndGet(); // before the reply: the client may start its next session then
          counted[0] = false;
          if (client[0] != null) {
            clientClosed(client[0]);
            client[0] = null;
          }
          replies.add("221 2.0.0 Bye");
          replies.flush();
          return;
        } else if (upper.startsWith("DATA")) {
          replies.add("554 5.5.0 This test server accepts no messages");
        } else {
          replies.add("500 5.5.2 Command not recognized");
        }
        if (!more) {
          replies.flush();
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private String rcpt(String arg) {
    String addr = ANGLES.matcher(arg).replaceAll("");
    int at = addr.lastIndexOf('@');
    if (at < 0) {
      return "501 5.1.3 Bad recipient address syntax";
    }
    String local = addr.substring(0, at);
    String domain = addr.substring(at + 1).toLowerCase(Locale.ROOT);
    Behaviour b = domains.get(domain);
    if (b == null) {
      return "550 5.7.54 Unable to relay recipient in non-accepted domain";
    }
    Set<String> boxes = mailboxes.getOrDefault(domain, Set.of());
    return switch (b) {
      case CATCH_ALL -> "250 2.1.5 OK";
      case MAILBOX_FULL -> "552 5.2.2 Mailbox full";
      case SENDER_REFUSED -> "550 5.7.1 Client host rejected: blocked using zen.spamhaus.org";
      case OUTLOOK_STYLE_UNKNOWN -> boxes.contains(local) ? "250 OK"
          : "550 Requested action not taken: mailbox unavailable";
      case YAHOO_STYLE_UNKNOWN -> boxes.contains(local) ? "250 recipient ok"
          : "554 delivery error: dd This user doesn't have an account";
      case GREYLIST -> greylisted.add(addr.toLowerCase(Locale.ROOT))
          ? "451 4.7.1 Greylisted, please try again later"
          : boxes.contains(local) ? "250 2.1.5 OK" : "550 5.1.1 User unknown";
      case MAILBOXES -> boxes.contains(local) ? "250 2.1.5 OK"
          : "550-5.1.1 The email account that you tried to reach does not exist.\r\n"
              + "550 5.1.1 Please try double-checking the recipient's email address.";
    };
  }

  /** Replies waiting to go out as one unit, and the delay they have accrued. */
  private static final class Replies {
    private final OutputStream out;
    private final StringBuilder pending = new StringBuilder();
    long delay;

    Replies(OutputStream out) {
      this.out = out;
    }

    void add(String reply) {
      pending.append(reply).append("\r\n");
    }

    void flush() throws IOException {
      if (delay > 0) {
        sleep(Duration.ofNanos(delay));
        delay = 0;
      }
      if (!pending.isEmpty()) {
        out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        pending.setLength(0);
      }
    }
  }

  /**
   * The hostile modes. Each loop is bounded (it stops by itself after at most
   * {@link #HOSTILE_LIMIT} lines or bytes, or when the client hangs up).
   */
  private void fightBack(Socket s, OutputStream out) throws IOException {
    switch (hostile) {
      case ENDLESS_REPLY -> {
        byte[] line = ("220-mx.test " + "x".repeat(60) + "\r\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < HOSTILE_LIMIT && running; i++) {
          out.write(line); // never the final "220 " line
        }
      }
      case SLOWLORIS -> {
        byte[] greeting = "220-mx.test ESMTP\r\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < HOSTILE_LIMIT && running; i++) {
          out.write(greeting[i % greeting.length]); // a byte at a time, a reply never complete
          out.flush();
          sleep(hostileInterval);
        }
      }
      case LONG_LINE -> {
        byte[] x = "x".repeat(1024).getBytes(StandardCharsets.UTF_8);
        out.write("220-".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < HOSTILE_LIMIT / 1024 && running; i++) {
          out.write(x); // one line without an end
        }
      }
      default -> { }
    }
  }

  /** How much a hostile mode sends at most: lines, bytes or steps. */
  public static final int HOSTILE_LIMIT = 10_000_000;

  /** Ways the server fights back (for tests of clients' bounds). */
  public enum Hostile {
    /** An ordinary server. */
    NONE,
    /** A multi-line greeting that never ends ({@code 220-} lines). */
    ENDLESS_REPLY,
    /**
     * A multi-line greeting dripped one byte at a time, each byte within any per-read timeout,
     * never complete.
     */
    SLOWLORIS,
    /** A greeting line that never ends. */
    LONG_LINE,
    /**
     * One reply too many (a second 250 for MAIL FROM): every later reply answers the command
     * before its own, so a refused mailbox would look accepted to a client that trusts the order.
     */
    REPLY_DESYNC
  }

  private static void send(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void sleep(Duration d) {
    if (!d.isZero()) {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
    workers.shutdownNow();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** The script. */
  public static final class Builder {
    private final Map<String, Behaviour> domains = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> mailboxes = new ConcurrentHashMap<>();
    private String connectReply = "220";
    private Duration bannerDelay = Duration.ZERO;
    private Duration replyDelay = Duration.ZERO;
    private boolean disconnectAfterEhlo;
    private boolean smtpUtf8 = true;
    private boolean pipelining = true;
    private String mailFromReply = "250 2.1.0 Sender OK";
    private Hostile hostile = Hostile.NONE;
    private Duration hostileInterval = Duration.ofMillis(100);
    private String bind = "127.0.0.1";
    private int port;

    private Builder() {
    }

    /** The domain accepts these mailboxes and answers 550 5.1.1 for the rest. */
    public Builder mailboxes(String domain, String... locals) {
      domains.put(domain.toLowerCase(Locale.ROOT), Behaviour.MAILBOXES);
      mailboxes.put(domain.toLowerCase(Locale.ROOT), Set.of(locals));
      return this;
    }

    /** A behaviour for every recipient at the domain (listed mailboxes where it applies). */
    public Builder behaviour(String domain, Behaviour behaviour, String... locals) {
      domains.put(domain.toLowerCase(Locale.ROOT), behaviour);
      mailboxes.put(domain.toLowerCase(Locale.ROOT), Set.of(locals));
      return this;
    }

    /** The domain accepts every recipient. */
    public Builder catchAll(String domain) {
      return behaviour(domain, Behaviour.CATCH_ALL);
    }

    /** The domain greylists: 451 first, then listed mailboxes 250. */
    public Builder greylist(String domain, String... locals) {
      return behaviour(domain, Behaviour.GREYLIST, locals);
    }

    /** The first reply on connect, e.g. "421 4.3.2 try later" or "554 5.7.1 blocked". */
    public Builder connectReply(String reply) {
      this.connectReply = reply;
      return this;
    }

    /**
     * Makes the server fight back instead of speaking SMTP (see {@link Hostile});
     * {@code interval} paces {@link Hostile#SLOWLORIS}.
     */
    public Builder hostile(Hostile mode, Duration interval) {
      this.hostile = mode;
      this.hostileInterval = interval;
      return this;
    }

    /** Waits before the banner. */
    public Builder bannerDelay(Duration value) {
      this.bannerDelay = value;
      return this;
    }

    /**
     * Waits before every reply. Replies to pipelined commands go out together, after the sum of
     * their delays (RFC 2920 section 3.2).
     */
    public Builder replyDelay(Duration value) {
      this.replyDelay = value;
      return this;
    }

    /** Closes the connection instead of answering EHLO. */
    public Builder disconnectAfterEhlo() {
      this.disconnectAfterEhlo = true;
      return this;
    }

    /** Whether EHLO advertises SMTPUTF8 (default true). */
    public Builder smtpUtf8(boolean value) {
      this.smtpUtf8 = value;
      return this;
    }

    /** The reply to every MAIL FROM (default "250 2.1.0 Sender OK"); a refusal when not 2xx. */
    public Builder mailFromReply(String value) {
      this.mailFromReply = value;
      return this;
    }

    /** Whether EHLO advertises PIPELINING (default true). */
    public Builder pipelining(boolean value) {
      this.pipelining = value;
      return this;
    }

    /** The loopback address to bind (default 127.0.0.1) and port (default any). */
    public Builder bind(String address, int portNumber) {
      this.bind = address;
      this.port = portNumber;
      return this;
    }

    /** Starts the server. */
    public SmtpTestServer start() {
      try {
        return new SmtpTestServer(this);
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the SMTP test server", e);
      }
    }
  }
}
