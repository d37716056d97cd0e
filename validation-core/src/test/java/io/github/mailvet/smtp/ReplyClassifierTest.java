package io.github.mailvet.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.smtp.ProbeResult.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RCPT replies as real servers word them; refusals of the sender must not read as "no user". */
class ReplyClassifierTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "250 | 2.1.5 OK | ACCEPTED",
      "251 | User not local; will forward | ACCEPTED",
      "550 | 5.1.1 The email account that you tried to reach does not exist. | MAILBOX_NOT_FOUND",
      "550 | 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"
          + " | MAILBOX_NOT_FOUND",
      "550 | Requested action not taken: mailbox unavailable | MAILBOX_NOT_FOUND",
      "550 | 5.5.0 Requested action not taken: mailbox unavailable | MAILBOX_NOT_FOUND",
      "554 | delivery error: dd This user doesn't have a yahoo.com account | MAILBOX_NOT_FOUND",
      "553 | sorry, no mailbox here by that name | MAILBOX_NOT_FOUND",
      "550 | <x@y>: Recipient address rejected: User unknown in virtual mailbox table"
          + " | MAILBOX_NOT_FOUND",
      "552 | 5.2.2 Mailbox full | MAILBOX_FULL",
      "552 | Requested mail action aborted: exceeded storage allocation | MAILBOX_FULL",
      "452 | 4.2.2 The email account is over quota | TEMPORARY",
      "451 | 4.7.1 Greylisted, please try again later | TEMPORARY",
      "450 | 4.2.0 Recipient address rejected: Greylisted | TEMPORARY",
      "421 | 4.7.0 Try again later, closing connection | TEMPORARY",
      "550 | 5.7.1 Client host [203.0.113.9] blocked using zen.spamhaus.org | SENDER_REJECTED",
      "554 | 5.7.1 Service unavailable; Client host [203.0.113.9] blocked | SENDER_REJECTED",
      "550 | 5.7.606 Access denied, banned sending IP [203.0.113.9] | SENDER_REJECTED",
      "550 | Your IP has been blacklisted | SENDER_REJECTED",
      "554 | Reverse DNS lookup failed: no PTR record for 203.0.113.9 | SENDER_REJECTED",
      "550 | 5.7.54 Unable to relay recipient in non-accepted domain | SENDER_REJECTED",
      "550 | Administrative prohibition | INCONCLUSIVE",
      "554 | Transaction failed | INCONCLUSIVE"})
  void classifiesRcptReplies(int code, String text, Verdict verdict) {
    assertThat(ReplyClassifier.rcpt(code, text)).isEqualTo(verdict);
  }

  @ParameterizedTest
  @CsvSource({"550 5.1.1 user unknown, 5.1.1", "451 4.7.1 greylisted, 4.7.1",
      "550 mailbox unavailable, ''", "250 2.1.5 OK, 2.1.5"})
  void findsEnhancedCodes(String text, String enhanced) {
    assertThat(ReplyClassifier.enhanced(text)).isEqualTo(enhanced);
  }

  @Test
  void whiteSpaceRunsCollapseAsTheRegexDid() {
    java.util.regex.Pattern spaces = java.util.regex.Pattern.compile("\\s+");
    io.github.mailvet.testing.Fuzz.run(2_000, f -> f.string("ab5. \t\n\u000b\f\r\u00a0\u2028", 30),
        s -> assertThat(SmtpProber.collapseSpaces(s)).as(s)
            .isEqualTo(spaces.matcher(s).replaceAll(" ")));
    assertThat(SmtpProber.collapseSpaces("550-5.1.1 The email account\r\n550 5.1.1  does not"
        + " exist")).isEqualTo("550-5.1.1 The email account 550 5.1.1 does not exist");
  }
}
