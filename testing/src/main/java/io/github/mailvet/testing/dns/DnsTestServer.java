package io.github.mailvet.testing.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A scripted, authoritative DNS server on loopback that speaks the wire protocol over UDP and
 * TCP on the same port. Names not in the script are NXDOMAIN, except the canary names a resolver
 * is checked with ({@link Builder#wellKnownProviders(boolean)}); {@link Builder#wildcard(String)}
 * makes a resolver that rewrites NXDOMAIN. Answers can be delayed; delays run
 * on a scheduler, so concurrent queries are not serialized. UDP answers over 512 octets are
 * truncated with the TC bit, as a real server does, so clients must retry over TCP.
 *
 * <pre>{@code
 * @RegisterExtension
 * static DnsTestServer dns = DnsTestServer.builder()
 *     .mx("example.org", 10, "mx1.example.org").a("mx1.example.org", "127.0.0.1")
 *     .nullMx("nomail.example").servfail("broken.example").delay(Duration.ofMillis(20))
 *     .start();
 * }</pre>
 */
public final class DnsTestServer implements AutoCloseable, AfterAllCallback {

  private static final long TTL = 300;

  private final Map<Name, List<Record>> records;
  private final Set<Name> servfail;
  private final Set<Name> refused;
  private final Set<Name> silent;
  private final Set<Name> existing;
  private final Duration delay;
  private final boolean additional;
  private final InetAddress wildcard; // null: unknown names are NXDOMAIN
  private final boolean dropAll;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger udpQueries = new AtomicInteger();
  private final AtomicInteger tcpQueries = new AtomicInteger();
  private final Map<String, AtomicInteger> perName = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  private DnsTestServer(Builder b) throws IOException {
    this.records = Map.copyOf(b.records);
    this.servfail = Set.copyOf(b.servfail);
    this.refused = Set.copyOf(b.refused);
    this.silent = Set.copyOf(b.silent);
    this.existing = Set.copyOf(b.existing);
    this.delay = b.delay;
    this.additional = b.additional;
    this.wildcard = b.wildcard;
    this.dropAll = b.dropAll;
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    DatagramSocket u = null;
    ServerSocket t = null;
    for (int attempt = 0; attempt < 20 && t == null; attempt++) {
      u = new DatagramSocket(null);
      u.setReceiveBufferSize(4 << 20); // what a busy real server configures
      u.bind(new InetSocketAddress(loopback, 0));
      try {
        t = new ServerSocket(u.getLocalPort(), 64, loopback);
      } catch (IOException portTaken) {
        u.close();
      }
    }
    if (t == null) {
      throw new IOException("no free port for UDP and TCP together");
    }
    this.udp = u;
    this.tcp = t;
    this.scheduler = Executors.newScheduledThreadPool(4, r -> {
      Thread th = new Thread(r, "dns-test-server");
      th.setDaemon(true);
      return th;
    });
    Thread ul = new Thread(this::udpLoop, "dns-test-udp");
    ul.setDaemon(true);
    ul.start();
    Thread tl = new Thread(this::tcpLoop, "dns-test-tcp");
    tl.setDaemon(true);
    tl.start();
  }

  /** A builder for the script. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address to give a resolver ("127.0.0.1:port"). */
  public String hostPort() {
    return "127.0.0.1:" + udp.getLocalPort();
  }

  /** The UDP and TCP port. */
  public int port() {
    return udp.getLocalPort();
  }

  /** Queries received over UDP. */
  public int udpQueries() {
    return udpQueries.get();
  }

  /** Queries received over TCP. */
  public int tcpQueries() {
    return tcpQueries.get();
  }

  /** Queries received for one name and type, e.g. {@code queries("example.org", "MX")}. */
  public int queries(String name, String type) {
    AtomicInteger n = perName.get(key(name, type));
    return n == null ? 0 : n.get();
  }

  /** Queries received over both transports. */
  public int totalQueries() {
    return udpQueries() + tcpQueries();
  }

  private static String key(String name, String type) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return (n.endsWith(".") ? n : n + ".") + "/" + type;
  }

  private void udpLoop() {
    byte[] buf = new byte[65535];
    while (running) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        byte[] in = java.util.Arrays.copyOf(p.getData(), p.getLength());
        InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
        udpQueries.incrementAndGet();
        scheduler.schedule(() -> {
          byte[] out = answer(in, 512);
          if (out != null) {
            try {
              udp.send(new DatagramPacket(out, out.length, from));
            } catch (IOException ignored) {
              // the client went away
            }
          }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // keep serving
      }
    }
  }

  private void tcpLoop() {
    while (running) {
      try {
        Socket s = tcp.accept();
        scheduler.execute(() -> serveTcp(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serveTcp(Socket s) {
    try (s) {
      s.setSoTimeout(5000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      int len = in.readUnsignedShort();
      byte[] q = in.readNBytes(len);
      tcpQueries.incrementAndGet();
      Thread.sleep(delay.toMillis());
      byte[] a = answer(q, 65535);
      if (a != null) {
        out.writeShort(a.length);
        out.write(a);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // client closed or test over
    }
  }

  /** The wire answer to a wire query, or null to stay silent (a timeout for the client). */
  private byte[] answer(byte[] wire, int maxLength) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException e) {
      return null;
    }
    Record q = query.getQuestion();
    Message resp = new Message(query.getHeader().getID());
    resp.getHeader().setFlag(Flags.QR);
    resp.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      resp.getHeader().setFlag(Flags.RD);
    }
    if (q == null) {
      resp.getHeader().setRcode(Rcode.FORMERR);
      return resp.toWire(maxLength);
    }
    resp.addRecord(q, Section.QUESTION);
    Name name = q.getName();
    perName.computeIfAbsent(key(name.toString(), Type.string(q.getType())),
        k -> new AtomicInteger()).incrementAndGet();
    if (dropAll || silent.contains(name)) {
      return null;
    }
    if (servfail.contains(name)) {
      resp.getHeader().setRcode(Rcode.SERVFAIL);
      return resp.toWire(maxLength);
    }
    if (refused.contains(name)) {
      resp.getHeader().setRcode(Rcode.REFUSED);
      return resp.toWire(maxLength);
    }
    List<Record> all = records.get(name);
    if (all == null && wildcard != null) {
      // NXDOMAIN rewriting: every unknown name "exists" with the rewriter's address
      all = q.getType() == Type.A ? List.of(new ARecord(name, DClass.IN, TTL, wildcard))
          : List.of();
    }
    if (all == null && !existing.contains(name)) {
      resp.getHeader().setRcode(Rcode.NXDOMAIN);
      resp.addRecord(soa(name), Section.AUTHORITY);
      return resp.toWire(maxLength);
    }
    boolean any = false;
    for (Record r : all == null ? List.<Record>of() : all) {
      if (r.getType() == q.getType()) {
        resp.addRecord(r, Section.ANSWER);
        any = true;
        if (r instanceof MXRecord mx && additional) {
          // additional section processing (RFC 1035 section 3.3.9), as real servers do
          for (Record target : records.getOrDefault(mx.getTarget(), List.of())) {
            if (target.getType() == Type.A || target.getType() == Type.AAAA) {
              resp.addRecord(target, Section.ADDITIONAL);
            }
          }
        }
      }
    }
    if (!any) {
      resp.addRecord(soa(name), Section.AUTHORITY);
    }
    return resp.toWire(maxLength);
  }

  private static SOARecord soa(Name name) {
    try {
      Name zone = name.labels() > 2 ? new Name(name, name.labels() - 3) : name;
      return new SOARecord(zone, DClass.IN, 60, Name.fromString("ns.test."),
          Name.fromString("hostmaster.test."), 1, 3600, 600, 86400, 60);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    running = false;
    udp.close();
    try {
      tcp.close();
    } catch (IOException ignored) {
      // closing
    }
    scheduler.shutdownNow();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** The script. */
  public static final class Builder {
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> refused = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final Set<Name> existing = ConcurrentHashMap.newKeySet();
    private Duration delay = Duration.ZERO;
    private boolean additional = true;
    private boolean wellKnownProviders = true;
    private InetAddress wildcard;
    private boolean dropAll;

    private Builder() {
    }

    /**
     * Whether gmail.com, outlook.com and yahoo.com have MX records (default true, as on the real
     * internet, whose resolvers mailvet checks with these canary names); their MX hosts resolve
     * to loopback addresses where nothing listens. {@code false} makes a resolver that denies
     * names that must exist, as broken container and captive-network resolvers do.
     */
    public Builder wellKnownProviders(boolean value) {
      this.wellKnownProviders = value;
      return this;
    }

    /** Never answers any query (counted all the same): a resolver that drops everything. */
    public Builder dropAll() {
      this.dropAll = true;
      return this;
    }

    /**
     * Answers every name the script does not know with an A record of this address, and with an
     * empty answer for other types: a resolver that rewrites NXDOMAIN (ISP "search" pages).
     */
    public Builder wildcard(String ipv4) {
      try {
        this.wildcard = InetAddress.getByName(ipv4);
      } catch (IOException e) {
        throw new IllegalArgumentException(ipv4, e);
      }
      return this;
    }

    /**
     * Whether MX answers carry the targets' addresses in the additional section (default true,
     * as real servers do); false makes clients look them up separately.
     */
    public Builder additionalSection(boolean value) {
      this.additional = value;
      return this;
    }

    private static Name name(String n) {
      try {
        return Name.fromString(n.endsWith(".") ? n : n + ".");
      } catch (IOException e) {
        throw new IllegalArgumentException(n, e);
      }
    }

    private Builder add(Record r) {
      records.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);
      return this;
    }

    /** An MX record. */
    public Builder mx(String domain, int preference, String host) {
      return add(new MXRecord(name(domain), DClass.IN, TTL, preference, name(host)));
    }

    /** A null MX: {@code MX 0 .} (RFC 7505). */
    public Builder nullMx(String domain) {
      return add(new MXRecord(name(domain), DClass.IN, TTL, 0, Name.root));
    }

    /** An A record. */
    public Builder a(String host, String ipv4) {
      try {
        return add(new ARecord(name(host), DClass.IN, TTL, InetAddress.getByName(ipv4)));
      } catch (IOException e) {
        throw new IllegalArgumentException(ipv4, e);
      }
    }

    /** An AAAA record. */
    public Builder aaaa(String host, String ipv6) {
      try {
        return add(new AAAARecord(name(host), DClass.IN, TTL, InetAddress.getByName(ipv6)));
      } catch (IOException e) {
        throw new IllegalArgumentException(ipv6, e);
      }
    }

    /** A TXT record. */
    public Builder txt(String domain, String text) {
      return add(new TXTRecord(name(domain), DClass.IN, TTL, text));
    }

    /** The name exists but has no records (NOERROR, empty answer). */
    public Builder noAnswer(String domain) {
      existing.add(name(domain));
      return this;
    }

    /** Every query for the name gets SERVFAIL. */
    public Builder servfail(String domain) {
      servfail.add(name(domain));
      return this;
    }

    /** Every query for the name gets REFUSED. */
    public Builder refused(String domain) {
      refused.add(name(domain));
      return this;
    }

    /** Queries for the name are never answered (the client times out). */
    public Builder silent(String domain) {
      silent.add(name(domain));
      return this;
    }

    /** A delay before every answer; concurrent queries are delayed in parallel. */
    public Builder delay(Duration value) {
      this.delay = value;
      return this;
    }

    /** Starts the server on a free loopback port. */
    public DnsTestServer start() {
      if (wellKnownProviders) {
        String[][] known = {{"gmail.com", "gmail-smtp-in.l.google.com", "127.0.0.11"},
            {"outlook.com", "outlook-com.olc.protection.outlook.com", "127.0.0.12"},
            {"yahoo.com", "mta5.am0.yahoodns.net", "127.0.0.13"}};
        for (String[] k : known) {
          if (!records.containsKey(name(k[0]))) {
            mx(k[0], 5, k[1]);
            if (!records.containsKey(name(k[1]))) {
              a(k[1], k[2]);
            }
          }
        }
      }
      try {
        return new DnsTestServer(this);
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the DNS test server", e);
      }
    }
  }
}
