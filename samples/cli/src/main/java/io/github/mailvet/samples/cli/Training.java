package io.github.mailvet.samples.cli;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The launcher's training run, from which the JVM makes the tool's class data archive (AppCDS on
 * JDK 17 to 24, the AOT cache on 25): it runs what a user's runs run, so that their classes are
 * archived, not loaded and verified from the jar on every start. An offline check, a
 * {@code clean} of a small CSV, and a bulk {@code check --smtp} over a list of 200 addresses
 * against a DNS server and a mail server that this class starts on loopback ports for the
 * purpose (nothing leaves the machine; both stop when the run ends). All output is discarded.
 *
 * <p>Not a command of the tool: the launcher runs it as {@code java -XX:ArchiveClassesAtExit=...
 * -cp mailvet-cli.jar io.github.mailvet.samples.cli.Training}.
 */
final class Training {

  private static final int DOMAINS = 20;
  private static final int PER_DOMAIN = 10;

  private Training() {
  }

  /** Runs the training; exits 0 when every step ran as a user's run would. */
  public static void main(String[] args) throws Exception {
    Result r = train();
    System.exit(r.exitCode() == 0 && r.smtpSessions() > 0 ? 0 : 1);
  }

  /** What a training run did: the worst exit code of its steps, and the SMTP sessions served. */
  record Result(int exitCode, int smtpSessions) { }

  /** The training's steps (see the class comment). */
  static Result train() throws IOException {
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    int code = MailvetCli.run(new String[] {"check", "--offline", "--format", "json",
        "ada@gmial.com", "info@acme-widgets.com", "ada@mailinator.com", "x@[192.0.2.1]"},
        new ByteArrayInputStream(new byte[0]), discard, discard, false);
    code = Math.max(code, MailvetCli.run(new String[] {"check", "--offline", "--format", "table",
        "ada@gmial.com"}, new ByteArrayInputStream(new byte[0]), discard, discard, false));

    Path dir = Files.createTempDirectory("mailvet-training-");
    try {
      Path csv = dir.resolve("leads.csv");
      Files.writeString(csv, "name,email\nAda,ada@gmial.com\nBob,bob@mailinator.com\n"
          + "Info,info@acme-widgets.com\nBad,not an address\n", StandardCharsets.UTF_8);
      code = Math.max(code, MailvetCli.run(new String[] {"clean", "--offline", csv.toString(),
          "--out", dir.resolve("out").toString()}, new ByteArrayInputStream(new byte[0]),
          discard, discard, false));

      List<String> list = new ArrayList<>();
      for (int d = 0; d < DOMAINS; d++) {
        for (int i = 0; i < PER_DOMAIN; i++) {
          list.add((i == 0 ? "gone" : "user") + i + "@d" + d + "-training-mailvet.com");
        }
      }
      Collections.shuffle(list, new Random(7));
      byte[] input = (String.join("\n", list) + "\n").getBytes(StandardCharsets.UTF_8);
      try (Dns dns = new Dns(); Smtp smtp = new Smtp()) {
        code = Math.max(code, MailvetCli.run(new String[] {"check", "--smtp", "--dns-server",
            "127.0.0.1:" + dns.port(), "--smtp-port", Integer.toString(smtp.port()),
            "--allow-private-mx", "--helo", "training.mailvet.invalid", "--format", "json", "-"},
            new ByteArrayInputStream(input), discard, discard, false));
        return new Result(code, smtp.sessions.get());
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A DNS server on a loopback UDP port: MX records for the training domains and for the
   * resolver's canary names, their hosts' A records (127.0.0.1), NXDOMAIN for anything else.
   */
  private static final class Dns implements AutoCloseable {
    private final DatagramSocket socket;

    Dns() throws IOException {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread t = new Thread(this::serve, "training-dns");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      byte[] buf = new byte[512];
      while (!socket.isClosed()) { // ends when close() closes the socket
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          socket.receive(p);
          byte[] answer = answer(new Message(Arrays.copyOf(p.getData(), p.getLength())));
          socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
        } catch (IOException e) {
          // closed, or a datagram that is not a query: the next one
        }
      }
    }

    private static byte[] answer(Message query) throws IOException {
      Record q = query.getQuestion();
      Message r = new Message(query.getHeader().getID());
      r.getHeader().setFlag(Flags.QR);
      r.getHeader().setFlag(Flags.AA);
      r.getHeader().setFlag(Flags.RA);
      r.addRecord(q, Section.QUESTION);
      String name = q.getName().toString(true).toLowerCase(Locale.ROOT);
      boolean mailDomain = name.endsWith("-training-mailvet.com") || name.equals("gmail.com")
          || name.equals("outlook.com") || name.equals("yahoo.com");
      if (mailDomain && q.getType() == Type.MX) {
        Name host = Name.fromString("mx." + name + ".");
        r.addRecord(new MXRecord(q.getName(), DClass.IN, 300, 10, host), Section.ANSWER);
        r.addRecord(new ARecord(host, DClass.IN, 300, InetAddress.getLoopbackAddress()),
            Section.ADDITIONAL);
      } else if (name.startsWith("mx.") && q.getType() == Type.A) {
        r.addRecord(new ARecord(q.getName(), DClass.IN, 300, InetAddress.getLoopbackAddress()),
            Section.ANSWER);
      } else if (!mailDomain && !name.startsWith("mx.")) {
        r.getHeader().setRcode(Rcode.NXDOMAIN);
      }
      return r.toWire(512);
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /**
   * A mail server on a loopback port that knows the training's mailboxes: {@code user*} exist,
   * anything else is refused with 550 (so a domain is not a catch-all). Answers pipelined
   * commands in order.
   */
  private static final class Smtp implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger sessions =
        new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "training-smtp");
      t.setDaemon(true);
      return t;
    });

    Smtp() throws IOException {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      threads.execute(this::accept);
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) { // ends when close() closes the socket
        try {
          Socket s = server.accept();
          sessions.incrementAndGet();
          threads.execute(() -> session(s));
        } catch (IOException closed) {
          return;
        }
      }
    }

    private static void session(Socket s) {
      try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.US_ASCII)); OutputStream out = s.getOutputStream()) {
        s.setSoTimeout(10_000);
        send(out, "220 training.mailvet.invalid ESMTP\r\n");
        String line;
        while ((line = in.readLine()) != null) { // ends at QUIT, EOF or the timeout
          String cmd = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
          switch (cmd) {
            case "EHLO" -> send(out, "250-training.mailvet.invalid\r\n250-PIPELINING\r\n"
                + "250-8BITMIME\r\n250 SMTPUTF8\r\n");
            case "RCPT" -> send(out, line.toLowerCase(Locale.ROOT).contains("<user")
                ? "250 2.1.5 OK\r\n" : "550 5.1.1 no such user\r\n");
            case "QUIT" -> {
              send(out, "221 2.0.0 bye\r\n");
              return;
            }
            default -> send(out, "250 2.0.0 OK\r\n");
          }
        }
      } catch (IOException e) {
        // the client went away: the session is over
      }
    }

    private static void send(OutputStream out, String reply) throws IOException {
      out.write(reply.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      server.close();
      threads.shutdownNow();
    }
  }
}
