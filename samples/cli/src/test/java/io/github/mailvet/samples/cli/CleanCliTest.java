package io.github.mailvet.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.testing.dns.DnsTestServer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./mailvet clean}: the CRM import route from the command line. */
class CleanCliTest {

  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25").start();

  @TempDir
  Path dir;

  record Run(int code, String out, String err) { }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MailvetCli.run(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out),
        new PrintWriter(err), false, Map.<String, String>of()::get);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void sortsRowsIntoThreeFilesAndPrintsASummary() throws Exception {
    Path in = dir.resolve("contacts.csv");
    Files.writeString(in, "Name,E-Mail,Company\nAda,ada@acme.com,Acme\n"
        + "Bob,bob@mailinator.com,Temp\nCy,,Nobody\nDee,dee@nowhere-at-all.com,Gone\n");
    Run r = run("clean", "--dns-server", DNS.hostPort(), in.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("rows: 4 (email column: E-Mail)")
        .contains("accepted: 1  review: 0  rejected: 3").contains("empty_email=1");
    Path out = dir.resolve("contacts-mailvet");
    assertThat(Files.readAllLines(out.resolve("accepted.csv"))).hasSize(2)
        .last().asString().startsWith("Ada,ada@acme.com,Acme,valid,");
    assertThat(Files.readAllLines(out.resolve("rejected.csv"))).hasSize(4);
    assertThat(Files.readString(out.resolve("rejected.csv"))).contains("disposable_provider")
        .contains("no_domain").contains("empty_email");
  }

  @Test
  void badInvocationsAreUsageErrors() throws Exception {
    assertThat(run("clean", dir.resolve("missing.csv").toString()).code()).isEqualTo(2);
    Path noEmail = dir.resolve("numbers.csv");
    Files.writeString(noEmail, "a,b\n1,2\n");
    Run r = run("clean", "--offline", noEmail.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no email column").contains("--column");
    Run named = run("clean", "--offline", "--column", "b", "--out",
        dir.resolve("o").toString(), noEmail.toString());
    assertThat(named.code()).isZero();
    assertThat(named.out()).contains("rows: 1 (email column: b)");
  }
}
