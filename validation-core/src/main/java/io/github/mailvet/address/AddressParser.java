package io.github.mailvet.address;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.IDNA;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A linear-time, single-pass scanner for e-mail addresses: RFC 5321 mailboxes, RFC 5322
 * addr-specs (optionally with comments, obsolete forms and display names) and RFC 6531/6532
 * internationalized addresses, with UTS #46 processing of the domain.
 *
 * <p>It never throws for bad input: every input yields an {@link EmailAddress} or a
 * {@link ParseFailure} naming the problem and where it is. Instances are immutable and
 * thread-safe.
 *
 * <pre>{@code
 * AddressParser parser = AddressParser.of(SyntaxPolicy.PRACTICAL);
 * if (parser.parse("ada@bücher.ch") instanceof EmailAddress a) {
 *   a.asciiDomain(); // "xn--bcher-kva.ch"
 * }
 * }</pre>
 */
public final class AddressParser {

  /**
   * Inputs longer than this are not scanned at all. An address is at most 254 octets; comments
   * and a display name can add to that, but not by kilobytes. This keeps a 10 MB line cheap.
   */
  static final int MAX_INPUT_LENGTH = 4096;

  private static final int MAX_LOCAL_OCTETS = 64;
  private static final int MAX_ADDRESS_OCTETS = 254;
  private static final int MAX_DOMAIN_OCTETS = 253;
  private static final int MAX_LABEL_OCTETS = 63;

  /** RFC 5322 section 3.2.3 atext, ASCII part. */
  private static final boolean[] ATEXT = new boolean[128];
  /** Characters a backslash may escape outside quotes under the lenient JMail-style policy. */
  private static final String ESCAPABLE_OUTSIDE_QUOTES = " @\\<>()[],;:";

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      ATEXT[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      ATEXT[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      ATEXT[c] = true;
    }
    for (char c : "!#$%&'*+-/=?^_`{|}~".toCharArray()) {
      ATEXT[c] = true;
    }
  }

  private static final IDNA UTS46 = IDNA.getUTS46Instance(
      IDNA.USE_STD3_RULES | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ
          | IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE);

  /** RFC 5892 section 2.6 exceptions that are PVALID or CONTEXTO but not LetterDigits. */
  private static final String IDNA2008_EXCEPTIONS =
      "\u00DF\u03C2\u06FD\u06FE\u0F0B\u3007\u00B7\u0375\u05F3\u05F4\u30FB";

  private static final AddressParser PRACTICAL = new AddressParser(SyntaxPolicy.PRACTICAL);

  private final SyntaxPolicy policy;

  private AddressParser(SyntaxPolicy policy) {
    this.policy = policy;
  }

  /** A parser for the given policy. */
  public static AddressParser of(SyntaxPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    return policy.equals(SyntaxPolicy.PRACTICAL) ? PRACTICAL : new AddressParser(policy);
  }

  /** The parser's policy. */
  public SyntaxPolicy policy() {
    return policy;
  }

  /**
   * Parses one input. {@code null}, empty and blank inputs give {@link SyntaxError#EMPTY}.
   *
   * @return an {@link EmailAddress} or a {@link ParseFailure}, never {@code null}
   */
  public ParseResult parse(@Nullable String input) {
    if (input == null || input.isBlank()) {
      return new ParseFailure(SyntaxError.EMPTY, -1, SyntaxError.EMPTY.description());
    }
    if (input.length() > MAX_INPUT_LENGTH) {
      return new ParseFailure(SyntaxError.INPUT_TOO_LONG, -1,
          SyntaxError.INPUT_TOO_LONG.description() + " (" + input.length()
              + " characters; an address has at most " + MAX_ADDRESS_OCTETS + " octets)");
    }
    try {
      return new Scan(input, policy).run();
    } catch (Fail f) {
      return f.failure;
    }
  }

  /** Whether the input is an address under this parser's policy. */
  public boolean isValid(@Nullable String input) {
    return parse(input).isValid();
  }

  /** Control flow for the scanner; carries no stack trace. */
  private static final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ParseFailure failure;

    Fail(ParseFailure failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }

  /** One scan of one input. */
  private static final class Scan {
    private final String s;
    private final SyntaxPolicy p;
    private int i;
    private int end;
    private final StringBuilder local = new StringBuilder(32);
    private boolean quoted;
    private boolean nonAsciiLocal;
    private @Nullable String displayName;

    Scan(String s, SyntaxPolicy p) {
      this.s = s;
      this.p = p;
      this.end = s.length();
    }

    private Fail fail(SyntaxError error, int at) {
      String msg;
      if (at < 0) {
        msg = error.description();
      } else if (at >= s.length()) {
        msg = error.description() + " (at the end)";
      } else {
        int cp = s.codePointAt(at);
        msg = error.description() + " (character " + describe(cp) + " at position " + (at + 1)
            + ")";
      }
      return new Fail(new ParseFailure(error, at, msg));
    }

    private static String describe(int cp) {
      if (cp >= 0x21 && cp < 0x7F) {
        return "'" + (char) cp + "'";
      }
      String name = Character.getName(cp);
      return String.format(Locale.ROOT, "U+%04X%s", cp, name == null ? "" : " " + name);
    }

    ParseResult run() {
      int close = findAngleAddr();
      int startLocal = 0;
      if (close >= 0) {
        startLocal = i;
        end = close;
      }
      i = startLocal;
      skipCfws();
      int localStart = i;
      scanLocalPart();
      i++; // the '@'
      Domain domain = scanDomain();
      if (close >= 0) {
        // after '>': optional CFWS and nothing else
        end = s.length();
        i = close + 1;
        skipCfws();
        if (i < end) {
          throw fail(SyntaxError.BAD_CHARACTER, i);
        }
      }
      String localText = local.toString();
      if (nonAsciiLocal) {
        localText = Normalizer.normalize(localText, Normalizer.Form.NFC);
      }
      if (localText.isEmpty()) {
        throw fail(SyntaxError.EMPTY_LOCAL_PART, localStart);
      }
      int localOctets = nonAsciiLocal
          ? localText.getBytes(StandardCharsets.UTF_8).length : localText.length();
      if (p.lengthLimits()) {
        if (localOctets > MAX_LOCAL_OCTETS) {
          throw new Fail(new ParseFailure(SyntaxError.LOCAL_PART_TOO_LONG, -1,
              SyntaxError.LOCAL_PART_TOO_LONG.description() + " (it has " + localOctets
                  + "; RFC 5321 section 4.5.3.1.1)"));
        }
        int total = localOctets + 1 + domain.ascii.length();
        if (total > MAX_ADDRESS_OCTETS) {
          throw new Fail(new ParseFailure(SyntaxError.ADDRESS_TOO_LONG, -1,
              SyntaxError.ADDRESS_TOO_LONG.description() + " (it has " + total
                  + "; RFC 5321 section 4.5.3.1.3)"));
        }
      }
      return new EmailAddress(localText, domain.unicode, domain.ascii, quoted, domain.literal,
          nonAsciiLocal, displayName);
    }

    /**
     * Finds a name-addr ({@code Name <addr-spec>}). Returns the index of the closing {@code '>'} and
     * leaves {@code i} after the {@code '<'}, or returns -1 when the input is a bare addr-spec.
     */
    private int findAngleAddr() {
      int lt = -1;
      boolean inQuote = false;
      int depth = 0;
      for (int k = 0; k < end; k++) {
        char c = s.charAt(k);
        if (c == '\\') {
          k++;
        } else if (inQuote) {
          if (c == '"') {
            inQuote = false;
          }
        } else if (c == '"') {
          inQuote = true;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          if (depth > 0) {
            depth--;
          }
        } else if (c == '<' && depth == 0) {
          lt = k;
          break;
        }
      }
      if (lt < 0) {
        return -1;
      }
      if (!p.displayName()) {
        throw fail(SyntaxError.DISPLAY_NAME_NOT_ALLOWED, lt);
      }
      int gt = s.lastIndexOf('>');
      if (gt < lt) {
        throw fail(SyntaxError.BAD_CHARACTER, lt);
      }
      validateDisplayName(lt);
      i = lt + 1;
      return gt;
    }

    /** RFC 5322 phrase / obs-phrase: words (atoms, quoted strings), dots and CFWS. */
    private void validateDisplayName(int lt) {
      int save = end;
      end = lt;
      i = 0;
      StringBuilder name = new StringBuilder();
      while (i < end) {
        int at = i;
        char c = s.charAt(i);
        if (c == ' ' || c == '\t') {
          // white space between the words of a phrase is ordinary, not a comment
          name.append(' ');
          i++;
          continue;
        }
        if (skipCfws()) {
          name.append(' ');
          continue;
        }
        if (c == '"') {
          int from = i;
          skipQuotedString(null);
          name.append(s, from + 1, i - 1);
        } else if (c == '.' || (c < 0x80 && ATEXT[c])) {
          name.append(c);
          i++;
        } else if (c >= 0x80) {
          int cp = s.codePointAt(i);
          if (isUnsafe(cp)) {
            throw fail(unsafe(cp), i);
          }
          name.appendCodePoint(cp);
          i += Character.charCount(cp);
        } else {
          throw fail(SyntaxError.BAD_CHARACTER, at);
        }
      }
      end = save;
      String trimmed = name.toString().strip();
      displayName = trimmed.isEmpty() ? null : trimmed;
    }

    // ---------------------------------------------------------------- local part

    private void scanLocalPart() {
      int words = 0;
      int quotedWords = 0;
      boolean afterDot = false;
      boolean cfwsInside = false;
      while (true) {
        if (i >= end) {
          throw fail(SyntaxError.MISSING_AT, -1);
        }
        char c = s.charAt(i);
        if (c == '@') {
          if (words == 0) {
            throw fail(afterDot ? SyntaxError.LEADING_DOT : SyntaxError.EMPTY_LOCAL_PART,
                afterDot ? 0 : i);
          }
          if (afterDot) {
            throw fail(SyntaxError.TRAILING_DOT, i - 1);
          }
          break;
        }
        if (c == '.') {
          if (words == 0) {
            throw fail(SyntaxError.LEADING_DOT, i);
          }
          if (afterDot) {
            throw fail(SyntaxError.CONSECUTIVE_DOTS, i);
          }
          local.append('.');
          i++;
          afterDot = true;
          if (skipCfws()) {
            cfwsInside = true;
          }
          continue;
        }
        if (words > 0 && !afterDot) {
          // two words without a dot between them: "just"not"right", "first(c)last"
          throw fail(SyntaxError.BAD_CHARACTER, i);
        }
        if (c == '"') {
          if (!p.quotedLocalPart()) {
            throw fail(SyntaxError.QUOTED_LOCAL_PART_NOT_ALLOWED, i);
          }
          skipQuotedString(local);
          quoted = true;
          quotedWords++;
        } else {
          scanAtom();
        }
        words++;
        afterDot = false;
        int beforeCfws = i;
        if (skipCfws()) {
          if (i < end && s.charAt(i) == '.') {
            cfwsInside = true;
          } else if (i >= end || s.charAt(i) != '@') {
            // white space between two words: "hello world@..."
            throw fail(SyntaxError.BAD_CHARACTER, i < end ? i : beforeCfws);
          }
        }
      }
      if (cfwsInside && !p.obsoleteSyntax()) {
        throw fail(SyntaxError.OBSOLETE_SYNTAX, -1);
      }
      if (quotedWords > 0 && words > 1 && !p.obsoleteSyntax()) {
        // RFC 5321 Local-part = Dot-string / Quoted-string: a quoted string is the whole part
        throw fail(SyntaxError.OBSOLETE_SYNTAX, -1);
      }
    }

    private void scanAtom() {
      int start = i;
      while (i < end) {
        char c = s.charAt(i);
        if (c < 0x80) {
          if (ATEXT[c]) {
            local.append(c);
            i++;
          } else if (c == '\\') {
            if (!p.backslashOutsideQuotes()) {
              throw fail(SyntaxError.BACKSLASH_NOT_ALLOWED, i);
            }
            if (i + 1 >= end || ESCAPABLE_OUTSIDE_QUOTES.indexOf(s.charAt(i + 1)) < 0) {
              throw fail(SyntaxError.BAD_CHARACTER, i);
            }
            local.append(c).append(s.charAt(i + 1));
            i += 2;
          } else {
            break;
          }
        } else {
          int cp = s.codePointAt(i);
          checkNonAsciiLocal(cp, i, false);
          if (i == start && isCombiningMark(cp)) {
            // a mark with nothing to combine with (cf. RFC 5891 section 4.2.3.2 for labels)
            throw fail(SyntaxError.UNSAFE_CHARACTER, i);
          }
          local.appendCodePoint(cp);
          i += Character.charCount(cp);
        }
      }
      if (i == start) {
        char c = s.charAt(i);
        if (c == '\r' || c == '\n') {
          throw fail(SyntaxError.BAD_LINE_BREAK, i);
        }
        throw fail(SyntaxError.BAD_CHARACTER, i);
      }
    }

    private void checkNonAsciiLocal(int cp, int at, boolean inQuotes) {
      if (p.unicode() == SyntaxPolicy.UnicodeMode.ASCII_ONLY) {
        throw fail(SyntaxError.NON_ASCII_NOT_ALLOWED, at);
      }
      if (isUnsafe(cp)) {
        throw fail(unsafe(cp), at);
      }
      if (!inQuotes && p.unicode() == SyntaxPolicy.UnicodeMode.LETTERS_AND_DIGITS
          && !isLetterMarkOrDigit(cp)) {
        throw fail(SyntaxError.UNSAFE_CHARACTER, at);
      }
      nonAsciiLocal = true;
    }

    private static boolean isLetterMarkOrDigit(int cp) {
      switch (Character.getType(cp)) {
        case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
            Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
            Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK,
            Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
          return true;
        default:
          return false;
      }
    }

    private static boolean isCombiningMark(int cp) {
      int t = Character.getType(cp);
      return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
          || t == Character.ENCLOSING_MARK;
    }

    /**
     * Format characters (Cf: zero-width, soft hyphen, bidi controls) and other default-ignorable
     * code points (variation selectors, combining grapheme joiner, fillers), which render as
     * nothing.
     */
    static boolean isInvisible(int cp) {
      return Character.getType(cp) == Character.FORMAT
          || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }

    private static SyntaxError unsafe(int cp) {
      return isInvisible(cp) ? SyntaxError.INVISIBLE_CHARACTER : SyntaxError.UNSAFE_CHARACTER;
    }

    /** Controls, format (bidi, zero-width), surrogates, private use, unassigned, separators. */
    static boolean isUnsafe(int cp) {
      if (isInvisible(cp)) {
        return true;
      }
      switch (Character.getType(cp)) {
        case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
            Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
            Character.PARAGRAPH_SEPARATOR:
          return true;
        default:
          return false;
      }
    }

    /**
     * Scans a quoted string starting at the opening quote; appends it (with its quotes) to
     * {@code out} when not null. RFC 5321 Quoted-string, RFC 5322 section 3.2.4 with FWS,
     * RFC 6532 section 3.2 UTF-8 qtext, RFC 5322 section 4.4 obs-qtext / obs-qp.
     */
    private void skipQuotedString(@Nullable StringBuilder out) {
      int open = i;
      if (out != null) {
        out.append('"');
      }
      i++;
      while (true) {
        if (i >= end) {
          throw fail(SyntaxError.UNTERMINATED_QUOTED_STRING, open);
        }
        char c = s.charAt(i);
        if (c == '"') {
          if (out != null) {
            out.append('"');
          }
          i++;
          return;
        }
        if (c == '\\') {
          if (i + 1 >= end) {
            throw fail(SyntaxError.UNTERMINATED_QUOTED_STRING, open);
          }
          int n = s.codePointAt(i + 1);
          boolean ok;
          if (n >= 0x20 && n < 0x7F) {
            ok = true;
          } else if (n >= 0x80) {
            if (out != null) {
              checkNonAsciiLocal(n, i + 1, true);
            }
            ok = p.unicode() != SyntaxPolicy.UnicodeMode.ASCII_ONLY && !isUnsafe(n);
          } else {
            ok = p.obsoleteSyntax(); // obs-qp: "\" (%d0 / obs-NO-WS-CTL / LF / CR)
          }
          if (!ok) {
            throw fail(SyntaxError.BAD_CHARACTER, i + 1);
          }
          if (out != null) {
            out.append('\\').appendCodePoint(n);
          }
          i += 1 + Character.charCount(n);
          continue;
        }
        if (c == '\r' || c == '\n' || c == '\t') {
          // folding white space inside quotes (RFC 5322 qcontent is preceded by [FWS])
          if (!(p.comments() || p.obsoleteSyntax())) {
            throw fail(c == '\t' ? SyntaxError.BAD_CHARACTER : SyntaxError.BAD_LINE_BREAK, i);
          }
          int before = i;
          skipFws();
          if (out != null) {
            // unfolding removes the CRLF and keeps the white space (RFC 5322 section 3.2.2)
            for (int k = before; k < i; k++) {
              char w = s.charAt(k);
              if (w == ' ' || w == '\t') {
                out.append(w);
              }
            }
          }
          continue;
        }
        if (c >= 0x20 && c < 0x7F) {
          if (out != null) {
            out.append(c);
          }
          i++;
          continue;
        }
        if (c < 0x20 || c == 0x7F) {
          if (!p.obsoleteSyntax()) {
            throw fail(SyntaxError.BAD_CHARACTER, i);
          }
          if (out != null) {
            out.append(c);
          }
          i++;
          continue;
        }
        int cp = s.codePointAt(i);
        if (out != null) {
          checkNonAsciiLocal(cp, i, true);
          out.appendCodePoint(cp);
        } else if (isUnsafe(cp)) {
          throw fail(unsafe(cp), i);
        }
        i += Character.charCount(cp);
      }
    }

    // ---------------------------------------------------------------- CFWS

    /**
     * Skips comments and folding white space; returns whether anything was skipped. Fails when
     * the policy does not accept them.
     */
    private boolean skipCfws() {
      int start = i;
      while (i < end) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
          skipFws();
        } else if (c == '(') {
          skipComment();
        } else {
          break;
        }
      }
      if (i > start) {
        if (!p.comments()) {
          throw fail(SyntaxError.COMMENT_NOT_ALLOWED, start);
        }
        return true;
      }
      return false;
    }

    /** FWS and obs-FWS: white space where every CRLF is followed by at least one WSP. */
    private void skipFws() {
      while (i < end) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\t') {
          i++;
        } else if (c == '\r') {
          if (i + 2 < end && s.charAt(i + 1) == '\n'
              && (s.charAt(i + 2) == ' ' || s.charAt(i + 2) == '\t')) {
            i += 3;
          } else {
            throw fail(SyntaxError.BAD_LINE_BREAK, i);
          }
        } else if (c == '\n') {
          throw fail(SyntaxError.BAD_LINE_BREAK, i);
        } else {
          return;
        }
      }
    }

    /** RFC 5322 section 3.2.2 comment, nested, with quoted pairs and FWS. */
    private void skipComment() {
      int open = i;
      int depth = 0;
      while (i < end) {
        char c = s.charAt(i);
        if (c == '(') {
          depth++;
          i++;
        } else if (c == ')') {
          depth--;
          i++;
          if (depth == 0) {
            return;
          }
        } else if (c == '\\') {
          if (i + 1 >= end) {
            break;
          }
          char n = s.charAt(i + 1);
          if (n < 0x20 && n != '\t' && !p.obsoleteSyntax()) {
            throw fail(SyntaxError.BAD_CHARACTER, i + 1);
          }
          i += 2;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
          skipFws();
        } else if (c < 0x20 || c == 0x7F) {
          if (!p.obsoleteSyntax()) {
            throw fail(SyntaxError.BAD_CHARACTER, i);
          }
          i++;
        } else if (c >= 0x80) {
          int cp = s.codePointAt(i);
          if (p.unicode() == SyntaxPolicy.UnicodeMode.ASCII_ONLY) {
            throw fail(SyntaxError.NON_ASCII_NOT_ALLOWED, i);
          }
          if (isUnsafe(cp)) {
            throw fail(unsafe(cp), i);
          }
          i += Character.charCount(cp);
        } else {
          i++;
        }
      }
      throw fail(SyntaxError.UNBALANCED_COMMENT, open);
    }

    // ---------------------------------------------------------------- domain

    private record Domain(String unicode, String ascii, boolean literal) { }

    private Domain scanDomain() {
      skipCfws();
      if (i >= end) {
        throw fail(SyntaxError.EMPTY_DOMAIN, i);
      }
      if (s.charAt(i) == '[') {
        Domain d = scanDomainLiteral();
        skipCfws();
        if (i < end) {
          throw fail(s.charAt(i) == '@' ? SyntaxError.MULTIPLE_AT : SyntaxError.BAD_CHARACTER, i);
        }
        return d;
      }
      List<String> labels = new ArrayList<>(4);
      boolean ascii = true;
      boolean cfwsInside = false;
      int domainStart = i;
      while (true) {
        if (i >= end) {
          throw fail(labels.isEmpty() ? SyntaxError.EMPTY_DOMAIN : SyntaxError.TRAILING_DOT,
              i - 1);
        }
        int labelStart = i;
        char c0 = s.charAt(i);
        if (c0 == '.') {
          throw fail(labels.isEmpty() ? SyntaxError.LEADING_DOT : SyntaxError.CONSECUTIVE_DOTS, i);
        }
        while (i < end) {
          char c = s.charAt(i);
          if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-') {
              i++;
            } else {
              break;
            }
          } else {
            int cp = s.codePointAt(i);
            if (p.unicode() == SyntaxPolicy.UnicodeMode.ASCII_ONLY) {
              throw fail(SyntaxError.NON_ASCII_NOT_ALLOWED, i);
            }
            if (isInvisible(cp)) {
              // UTS #46 would map it to nothing: the domain a person sees is not the one used
              throw fail(SyntaxError.INVISIBLE_CHARACTER, i);
            }
            ascii = false;
            i += Character.charCount(cp);
          }
        }
        if (i == labelStart) {
          char c = s.charAt(i);
          throw fail(c == '@' ? SyntaxError.MULTIPLE_AT
              : (c == '\r' || c == '\n') ? SyntaxError.BAD_LINE_BREAK : SyntaxError.BAD_CHARACTER,
              i);
        }
        labels.add(s.substring(labelStart, i));
        boolean cfws = skipCfws();
        if (i < end && s.charAt(i) == '.') {
          cfwsInside |= cfws;
          i++;
          cfwsInside |= skipCfws();
          continue;
        }
        if (i < end) {
          char c = s.charAt(i);
          throw fail(c == '@' ? SyntaxError.MULTIPLE_AT
              : (c == '\r' || c == '\n') ? SyntaxError.BAD_LINE_BREAK : SyntaxError.BAD_CHARACTER,
              i);
        }
        break;
      }
      if (cfwsInside && !p.obsoleteSyntax()) {
        throw fail(SyntaxError.OBSOLETE_SYNTAX, -1);
      }
      if (labels.size() == 1 && !p.dotlessDomain()) {
        throw fail(SyntaxError.NO_TLD, domainStart);
      }
      try {
        // (A-labels such as "xn--..." take the IDNA path from asciiDomain too)
        return ascii ? asciiDomain(labels, domainStart) : idnDomain(labels, domainStart);
      } catch (com.ibm.icu.util.ICUInputTooLongException e) {
        // ICU refuses labels over its own limits (1,000 UTF-16 units); no such label can be a
        // DNS label (63 octets), whatever the policy's length limits say
        throw new Fail(new ParseFailure(SyntaxError.LABEL_TOO_LONG, domainStart,
            SyntaxError.LABEL_TOO_LONG.description() + " (a label of the domain is far too long"
                + " to be an internationalized domain name)"));
      }
    }

    /** Fast path for letter-digit-hyphen labels: the UTS #46 result is the lower-cased input. */
    private Domain asciiDomain(List<String> labels, int at) {
      boolean needsIdna = false;
      for (String l : labels) {
        if (l.length() >= 4 && l.charAt(2) == '-' && l.charAt(3) == '-') {
          needsIdna = true; // A-labels ("xn--") and reserved "??--" labels: let UTS #46 judge
          break;
        }
      }
      if (needsIdna) {
        return idnDomain(labels, at);
      }
      StringBuilder b = new StringBuilder(64);
      for (String l : labels) {
        checkLabel(l, at);
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(l.toLowerCase(Locale.ROOT));
      }
      String d = b.toString();
      checkTld(labels.get(labels.size() - 1), at);
      if (p.lengthLimits() && d.length() > MAX_DOMAIN_OCTETS) {
        throw new Fail(new ParseFailure(SyntaxError.DOMAIN_TOO_LONG, -1,
            SyntaxError.DOMAIN_TOO_LONG.description() + " (it has " + d.length() + ")"));
      }
      return new Domain(d, d, false);
    }

    private void checkLabel(String l, int at) {
      if (l.charAt(0) == '-' || l.charAt(l.length() - 1) == '-') {
        throw new Fail(new ParseFailure(SyntaxError.BAD_LABEL, at,
            SyntaxError.BAD_LABEL.description() + " ('" + l + "' starts or ends with a hyphen)"));
      }
      if (p.lengthLimits() && l.length() > MAX_LABEL_OCTETS) {
        throw new Fail(new ParseFailure(SyntaxError.LABEL_TOO_LONG, at,
            SyntaxError.LABEL_TOO_LONG.description() + " ('" + l.substring(0, 20) + "...' has "
                + l.length() + ")"));
      }
    }

    private void checkTld(String tld, int at) {
      if (p.numericTld()) {
        return;
      }
      for (int k = 0; k < tld.length(); k++) {
        char c = tld.charAt(k);
        if (c < '0' || c > '9') {
          return;
        }
      }
      throw new Fail(new ParseFailure(SyntaxError.NUMERIC_TLD, at,
          SyntaxError.NUMERIC_TLD.description() + " ('" + tld + "')"));
    }

    /** UTS #46 (IDNA2008 compatible processing) for domains with non-ASCII or A-labels. */
    private Domain idnDomain(List<String> labels, int at) {
      String joined = String.join(".", labels);
      IDNA.Info info = new IDNA.Info();
      StringBuilder ascii = new StringBuilder(joined.length() + 16);
      UTS46.nameToASCII(joined, ascii, info);
      if (info.hasErrors() && !onlyLengthErrors(info)) {
        throw new Fail(new ParseFailure(SyntaxError.BAD_LABEL, at,
            SyntaxError.BAD_LABEL.description() + " ('" + joined + "' is not a valid"
                + " internationalized domain name: "
                + info.getErrors().toString().toLowerCase(Locale.ROOT) + ")"));
      }
      String a = ascii.toString();
      if (p.strictIdna()) {
        checkIdna2008(joined, at);
      }
      IDNA.Info uinfo = new IDNA.Info();
      StringBuilder uni = new StringBuilder(joined.length());
      UTS46.nameToUnicode(a, uni, uinfo);
      String[] asciiLabels = a.split("\\.", -1);
      for (String l : asciiLabels) {
        if (l.isEmpty()) {
          throw fail(SyntaxError.BAD_LABEL, at);
        }
        checkLabel(l, at);
      }
      checkTld(asciiLabels[asciiLabels.length - 1], at);
      if (p.lengthLimits() && a.length() > MAX_DOMAIN_OCTETS) {
        throw new Fail(new ParseFailure(SyntaxError.DOMAIN_TOO_LONG, -1,
            SyntaxError.DOMAIN_TOO_LONG.description() + " (it has " + a.length()
                + " in ASCII form)"));
      }
      return new Domain(uni.toString(), a, false);
    }

    /**
     * RFC 5892 section 2.1 LetterDigits (Ll, Lu, Lo, Nd, Lm, Mn, Mc) plus the section 2.6
     * exceptions that are PVALID or CONTEXTO. UTS #46 maps the input first (case folding, width),
     * so the check runs on the mapped form.
     */
    private void checkIdna2008(String domain, int at) {
      String mapped = UTS46.nameToUnicode(domain, new StringBuilder(), new IDNA.Info()).toString();
      for (int k = 0; k < mapped.length(); ) {
        int cp = mapped.codePointAt(k);
        k += Character.charCount(cp);
        if (cp < 0x80) {
          continue;
        }
        switch (Character.getType(cp)) {
          case Character.LOWERCASE_LETTER, Character.UPPERCASE_LETTER, Character.OTHER_LETTER,
              Character.DECIMAL_DIGIT_NUMBER, Character.MODIFIER_LETTER,
              Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK -> {
            continue;
          }
          default -> {
            if (IDNA2008_EXCEPTIONS.indexOf(cp) >= 0 || cp == 0x200C || cp == 0x200D) {
              continue; // ZWNJ/ZWJ are CONTEXTJ, already checked by UTS #46 CheckJoiners
            }
            throw new Fail(new ParseFailure(SyntaxError.BAD_LABEL, at,
                SyntaxError.BAD_LABEL.description() + " (" + describe(cp)
                    + " is not permitted by IDNA2008, RFC 5892)"));
          }
        }
      }
    }

    private static boolean onlyLengthErrors(IDNA.Info info) {
      for (IDNA.Error e : info.getErrors()) {
        if (e != IDNA.Error.LABEL_TOO_LONG && e != IDNA.Error.DOMAIN_NAME_TOO_LONG) {
          return false;
        }
      }
      return true;
    }

    /** RFC 5321 section 4.1.3 address literals: IPv4 or "IPv6:" followed by an IPv6 address. */
    private Domain scanDomainLiteral() {
      int open = i;
      if (!p.domainLiteral()) {
        throw fail(SyntaxError.DOMAIN_LITERAL_NOT_ALLOWED, open);
      }
      int close = -1;
      for (int k = open + 1; k < end; k++) {
        char c = s.charAt(k);
        if (c == ']') {
          close = k;
          break;
        }
        if (c == '[' || c == '\\') {
          throw fail(SyntaxError.BAD_DOMAIN_LITERAL, k);
        }
      }
      if (close < 0) {
        throw fail(SyntaxError.BAD_DOMAIN_LITERAL, open);
      }
      String content = s.substring(open + 1, close);
      boolean ok;
      String canonical;
      if (content.regionMatches(true, 0, "IPv6:", 0, 5)) {
        ok = isIpv6(content.substring(5));
        canonical = "IPv6:" + content.substring(5).toLowerCase(Locale.ROOT);
      } else {
        ok = isIpv4(content);
        canonical = content;
      }
      if (!ok) {
        throw fail(SyntaxError.BAD_DOMAIN_LITERAL, open);
      }
      i = close + 1;
      String d = "[" + canonical + "]";
      return new Domain(d, d, true);
    }

    static boolean isIpv4(String v) {
      int parts = 0;
      int k = 0;
      int n = v.length();
      while (true) {
        int start = k;
        int value = 0;
        while (k < n && v.charAt(k) >= '0' && v.charAt(k) <= '9' && k - start < 3) {
          value = value * 10 + (v.charAt(k) - '0');
          k++;
        }
        if (k == start || value > 255) {
          return false;
        }
        parts++;
        if (k == n) {
          return parts == 4;
        }
        if (v.charAt(k) != '.' || parts == 4) {
          return false;
        }
        k++;
      }
    }

    /**
     * RFC 5321 IPv6-addr: full, compressed and IPv4-embedded forms. RFC 5321 allows at most six
     * groups beside "::" (four with an IPv4 tail); RFC 4291 lets "::" stand for a single group,
     * which isemail calls deprecated, so that needs {@link SyntaxPolicy#obsoleteSyntax()}.
     */
    private boolean isIpv6(String v) {
      int maxGroups = 8;
      String hex = v;
      if (v.indexOf('.') >= 0) {
        int colon = v.lastIndexOf(':');
        if (colon < 0 || !isIpv4(v.substring(colon + 1))) {
          return false;
        }
        maxGroups = 6;
        hex = v.substring(0, colon + 1);
        if (!hex.endsWith("::")) {
          hex = hex.substring(0, hex.length() - 1);
        }
        if (hex.isEmpty()) {
          return false;
        }
      }
      int dc = hex.indexOf("::");
      if (dc >= 0) {
        if (hex.indexOf("::", dc + 1) >= 0) {
          return false;
        }
        int left = countGroups(hex.substring(0, dc));
        int right = countGroups(hex.substring(dc + 2));
        if (left < 0 || right < 0) {
          return false;
        }
        int limit = p.obsoleteSyntax() ? maxGroups - 1 : maxGroups - 2;
        return left + right <= limit;
      }
      return countGroups(hex) == maxGroups;
    }

    /** Number of 1-4 digit hex groups separated by single colons; -1 when malformed. */
    private static int countGroups(String g) {
      if (g.isEmpty()) {
        return 0;
      }
      int groups = 0;
      int run = 0;
      for (int k = 0; k < g.length(); k++) {
        char c = g.charAt(k);
        if (c == ':') {
          if (run == 0) {
            return -1;
          }
          groups++;
          run = 0;
        } else if (Character.digit(c, 16) >= 0 && c < 0x80) {
          if (++run > 4) {
            return -1;
          }
        } else {
          return -1;
        }
      }
      if (run == 0) {
        return -1;
      }
      return groups + 1;
    }
  }
}
