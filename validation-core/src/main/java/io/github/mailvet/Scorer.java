package io.github.mailvet;

import io.github.mailvet.dns.MailRoute.Outcome;
import io.github.mailvet.smtp.ProbeResult.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link Signals} into status, reason, score and evidence. Deterministic and documented
 * (validation-core/README.md, "How the score is computed"): every weight that moved the score
 * appears in the evidence with its value, so the sum of the weights is the score.
 */
final class Scorer {

  /** Syntactically valid. */
  public static final double W_SYNTAX = 0.50;
  /** MX records found. */
  public static final double W_MX = 0.25;
  /** Only an implicit MX (A/AAAA). */
  public static final double W_IMPLICIT_MX = 0.15;
  /** Offline, but the domain is a known mailbox provider. */
  public static final double W_KNOWN_PROVIDER = 0.20;
  /** The mailbox was accepted by SMTP. */
  public static final double W_SMTP_ACCEPTED = 0.25;
  /** Accepted, but the domain accepts anything. */
  public static final double W_CATCH_ALL = 0.05;
  /** A role account. */
  public static final double W_ROLE = -0.15;
  /** A likely typo. */
  public static final double W_TYPO = -0.35;
  /** The highest score a disposable address can have. */
  public static final double CAP_DISPOSABLE = 0.10;
  /** The highest score an undecided address can have. */
  public static final double CAP_UNKNOWN = 0.50;

  /** The scorer's output. */
  public record Scored(Status status, Reason reason, double score, Checks checks,
      List<Evidence> evidence) { }

  private Scorer() {
  }

  /** Scores the signals. */
  public static Scored score(Signals s) {
    List<Evidence> ev = new ArrayList<>();
    double score = 0;
    if (s.syntaxError != null) {
      ev.addAll(s.context);
      ev.add(new Evidence("parse", s.syntaxError.error().name().toLowerCase(java.util.Locale.ROOT),
          s.syntaxError.message(), 0, s.syntaxError.position() >= 0
              ? Map.of("position", Integer.toString(s.syntaxError.position() + 1)) : Map.of()));
      return new Scored(Status.INVALID, Reason.INVALID_SYNTAX, 0, checks(s), ev);
    }
    ev.add(Evidence.of("parse", "syntax_ok", "the address is syntactically valid", W_SYNTAX));
    score += W_SYNTAX;
    ev.addAll(s.context);

    if (s.dns == Outcome.MX) {
      score += W_MX;
      ev.add(new Evidence("resolve", "mx", "the domain has MX records", W_MX,
          Map.of("mx", String.join(" ", s.mxRecords))));
    } else if (s.dns == Outcome.IMPLICIT_MX) {
      score += W_IMPLICIT_MX;
      ev.add(Evidence.of("resolve", "implicit_mx",
          "no MX records; the domain's address records act as an implicit MX"
              + " (RFC 5321 section 5.1)", W_IMPLICIT_MX));
    } else if (s.dns == null && s.knownProvider) {
      score += W_KNOWN_PROVIDER;
      ev.add(Evidence.of("classify", "known_provider",
          "the domain is a well-known mailbox provider", W_KNOWN_PROVIDER));
    }
    if (s.smtp == Verdict.ACCEPTED) {
      score += W_SMTP_ACCEPTED;
      ev.add(new Evidence("probe", "mailbox_accepted", "the mail server accepted the mailbox",
          W_SMTP_ACCEPTED, s.networkDetails));
    } else if (s.smtp == Verdict.CATCH_ALL) {
      score += W_CATCH_ALL;
      ev.add(new Evidence("probe", "catch_all",
          "the mail server accepts any address at this domain", W_CATCH_ALL, s.networkDetails));
    }
    if (Boolean.TRUE.equals(s.roleAccount)) {
      score += W_ROLE;
      ev.add(Evidence.of("classify", "role_account",
          "the local part is a role account, not a person", W_ROLE));
    }
    if (s.suggestion != null) {
      score += W_TYPO;
      ev.add(new Evidence("classify", "likely_typo", "did you mean " + s.suggestion + "?", W_TYPO,
          Map.of("suggestion", s.suggestion)));
    }

    Status status;
    Reason reason;
    if (s.reservedDomain != null) {
      status = Status.INVALID;
      reason = Reason.RESERVED_DOMAIN;
      ev.add(Evidence.of("classify", "reserved_domain", s.reservedDomain, -score));
      score = 0;
    } else if (Boolean.FALSE.equals(s.tldKnown)) {
      status = Status.INVALID;
      reason = Reason.NO_DOMAIN;
      ev.add(Evidence.of("classify", "unknown_tld",
          "the top-level domain is not in the IANA root zone, so the domain cannot exist", -score));
      score = 0;
    } else if (s.dns == Outcome.NXDOMAIN || s.dns == Outcome.NULL_MX || s.dns == Outcome.NO_MX) {
      status = Status.INVALID;
      reason = s.dns == Outcome.NXDOMAIN ? Reason.NO_DOMAIN
          : s.dns == Outcome.NULL_MX ? Reason.NULL_MX : Reason.NO_MX_RECORD;
      ev.add(new Evidence("resolve", reason.wireName(), switch (s.dns) {
        case NXDOMAIN -> "the domain does not exist (NXDOMAIN)";
        case NULL_MX -> "the domain publishes a null MX: it accepts no mail (RFC 7505)";
        default -> "the domain has no MX and no address records";
      }, -score, s.networkDetails));
      score = 0;
    } else if (s.smtp == Verdict.MAILBOX_NOT_FOUND) {
      status = Status.INVALID;
      reason = Reason.MAILBOX_NOT_FOUND;
      ev.add(new Evidence("probe", "mailbox_not_found", "the mail server says there is no such"
          + " mailbox", -score, s.networkDetails));
      score = 0;
    } else if (s.dns == Outcome.ERROR || s.smtp == Verdict.TEMPORARY
        || s.smtp == Verdict.SENDER_REJECTED || s.smtpFailed()) {
      status = Status.UNKNOWN;
      reason = s.dns == Outcome.ERROR ? Reason.DNS_ERROR
          : s.smtp == Verdict.SENDER_REJECTED ? Reason.SENDER_REJECTED
          : Reason.TEMPORARILY_UNAVAILABLE;
      double capped = Math.min(score, CAP_UNKNOWN);
      ev.add(new Evidence(s.dns == Outcome.ERROR ? "resolve" : "probe", reason.wireName(),
          switch (reason) {
            case DNS_ERROR -> "no DNS answer to go by: " + s.networkDetails.getOrDefault("dns",
                "DNS did not answer (SERVFAIL, timeout or refused)");
            case SENDER_REJECTED -> "the mail server refused the verifier, not the address";
            default -> "the mail server deferred the answer (temporary failure or greylisting)";
          }, capped - score, s.networkDetails));
      score = capped;
    } else if (s.suggestion != null) {
      status = Status.RISKY;
      reason = Reason.LIKELY_TYPO;
    } else if (s.addressLiteral) {
      // RFC 5321 4.1.3 allows it, but it bypasses MX and most servers refuse such mail
      status = Status.RISKY;
      reason = Reason.ADDRESS_LITERAL;
    } else if (s.disposableEntry != null) {
      status = Status.DISPOSABLE;
      reason = Reason.DISPOSABLE_PROVIDER;
      double capped = Math.min(score, CAP_DISPOSABLE);
      ev.add(new Evidence("classify", "disposable", s.deniedByUser
          ? "the domain is on the deny list" : "the domain belongs to a disposable provider",
          capped - score, Map.of("entry", s.disposableEntry,
              "list", s.deniedByUser ? "user" : "bundled")));
      score = capped;
    } else if (s.smtp == Verdict.MAILBOX_FULL) {
      status = Status.RISKY;
      reason = Reason.MAILBOX_FULL;
      ev.add(new Evidence("probe", "mailbox_full", "the mailbox is full", 0, s.networkDetails));
    } else if (s.smtp == Verdict.CATCH_ALL) {
      status = Status.RISKY;
      reason = Reason.CATCH_ALL;
    } else if (Boolean.TRUE.equals(s.roleAccount) && s.roleIsRisky) {
      status = Status.RISKY;
      reason = Reason.ROLE_BASED;
    } else {
      status = Status.VALID;
      reason = Reason.ACCEPTED_EMAIL;
    }
    score = Math.max(0, Math.min(1, Math.round(score * 1000) / 1000.0));
    return new Scored(status, reason, score, checks(s), ev);
  }

  private static Checks checks(Signals s) {
    boolean syntax = s.syntaxError == null;
    Boolean domainExists = s.dns == null ? null : switch (s.dns) {
      case MX, IMPLICIT_MX, NO_MX, NULL_MX -> true;
      case NXDOMAIN -> false;
      default -> null;
    };
    if (domainExists == null) {
      domainExists = Boolean.FALSE.equals(s.tldKnown) ? Boolean.FALSE
          : s.knownProvider ? Boolean.TRUE : null;
    }
    Boolean mx = s.dns == null ? null : switch (s.dns) {
      case MX, IMPLICIT_MX -> true;
      case NO_MX, NULL_MX, NXDOMAIN -> false;
      default -> null;
    };
    Boolean smtp = s.smtp == null ? null : switch (s.smtp) {
      case ACCEPTED, CATCH_ALL -> true;
      case MAILBOX_NOT_FOUND -> false;
      default -> null;
    };
    Boolean catchAll = s.smtp == null ? null : switch (s.smtp) {
      case CATCH_ALL -> true;
      case ACCEPTED, MAILBOX_NOT_FOUND -> false;
      default -> null;
    };
    Boolean disposable = syntax ? Boolean.valueOf(s.disposableEntry != null) : null;
    Boolean typo = s.suggestion != null ? Boolean.TRUE : syntax ? Boolean.FALSE : null;
    return new Checks(syntax, domainExists, mx, smtp, disposable, s.roleAccount, s.freeProvider,
        catchAll, typo, null);
  }
}
