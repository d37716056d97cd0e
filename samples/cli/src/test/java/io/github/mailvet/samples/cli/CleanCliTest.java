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
    Path out = dir.resolve("contacts-mailvet");
    Run r = run("clean", "--dns-server", DNS.hostPort(), "--out", out.toString(), in.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("rows: 4 (email column: E-Mail)")
        .contains("accepted: 1  review: 0  rejected: 3").contains("empty_email=1");
    assertThat(Files.readAllLines(out.resolve("accepted.csv"))).hasSize(2)
        .last().asString().startsWith("Ada,ada@acme.com,Acme,valid,");
    assertThat(Files.readAllLines(out.resolve("rejected.csv"))).hasSize(4);
    assertThat(Files.readString(out.resolve("rejected.csv"))).contains("disposable_provider")
        .contains("no_domain").contains("empty_email");
  }

  @Test
  void withoutOutTheFilesGoUnderMailvetOutNeverNextToTheInput() {
    Path sample = Path.of("src/main/resources/leads-sample.csv");
    assertThat(MailvetCli.defaultOut(sample)).isEqualTo(Path.of("mailvet-out", "leads-sample"))
        .isRelative();
    assertThat(MailvetCli.defaultOut(dir.resolve("contacts.csv")).toAbsolutePath()
        .startsWith(dir)).isFalse();
  }

  @Test
  void badInvocationsAreUsageErrors() throws Exception {
    Run missing = run("clean", dir.resolve("missing.csv").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("mailvet: no such file: ");
    Run directory = run("clean", dir.toString());
    assertThat(directory.code()).isEqualTo(2);
    assertThat(directory.err()).contains("is a directory");
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
