package io.github.mailvet.knowledge;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The mailbox an address delivers to, as a key for abuse checks (one free trial per person): the
 * lower-cased address with what the provider ignores taken out. Only providers whose own
 * documentation says how they treat sub-addresses are listed; every other domain keeps its local
 * part as it is (lower-cased), because dots and {@code +} are significant there.
 *
 * <table>
 *   <caption>providers and what their mailboxes ignore</caption>
 *   <tr><th>domains</th><th>ignored</th><th>key domain</th></tr>
 *   <tr><td>gmail.com, googlemail.com</td><td>dots, {@code +tag}</td><td>gmail.com</td></tr>
 *   <tr><td>outlook.com, hotmail.com, live.com, msn.com</td><td>{@code +tag}</td>
 *       <td>as written</td></tr>
 *   <tr><td>icloud.com, me.com, mac.com</td><td>{@code +tag}</td><td>as written</td></tr>
 *   <tr><td>fastmail.com, fastmail.fm</td><td>{@code +tag}</td><td>as written</td></tr>
 *   <tr><td>proton.me, protonmail.com, pm.me</td><td>{@code +tag}</td><td>as written</td></tr>
 * </table>
 *
 * <p>Sources: Google, "Gmail doesn't recognize dots in usernames" and "Create task-specific email
 * addresses" (Gmail Help; googlemail.com is the same service); Microsoft, "Plus addressing in
 * Outlook.com"; Apple, iCloud Mail user guide, "plus addressing"; Fastmail, "Plus addressing and
 * subdomain addressing"; Proton, "Addresses and aliases: plus addressing".
 *
 * <pre>{@code
 * MailboxKey.of("Ada.Lovelace+news@googlemail.com");   // "adalovelace@gmail.com"
 * MailboxKey.of("Ada+x@example.org");                  // "ada+x@example.org"
 * }</pre>
 */
public final class MailboxKey {

  private record Rule(boolean dots, boolean plus, @Nullable String domain) { }

  private static final Rule GMAIL = new Rule(true, true, "gmail.com");
  private static final Rule PLUS = new Rule(false, true, null);

  private static final Map<String, Rule> RULES = Map.ofEntries(
      Map.entry("gmail.com", GMAIL), Map.entry("googlemail.com", GMAIL),
      Map.entry("outlook.com", PLUS), Map.entry("hotmail.com", PLUS),
      Map.entry("live.com", PLUS), Map.entry("msn.com", PLUS),
      Map.entry("icloud.com", PLUS), Map.entry("me.com", PLUS), Map.entry("mac.com", PLUS),
      Map.entry("fastmail.com", PLUS), Map.entry("fastmail.fm", PLUS),
      Map.entry("proton.me", PLUS), Map.entry("protonmail.com", PLUS),
      Map.entry("pm.me", PLUS));

  private MailboxKey() {
  }

  /**
   * The mailbox key of a normalized address ({@code local@domain}), or {@code null} for
   * {@code null}. A quoted local part is only lower-cased: providers that ignore dots do not
   * issue quoted mailboxes.
   */
  public static @Nullable String of(@Nullable String normalizedEmail) {
    if (normalizedEmail == null) {
      return null;
    }
    String lower = normalizedEmail.toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf('@');
    if (at <= 0) {
      return lower;
    }
    String local = lower.substring(0, at);
    String domain = lower.substring(at + 1);
    Rule rule = RULES.get(domain);
    if (rule == null || local.startsWith("\"")) {
      return lower;
    }
    if (rule.plus()) {
      int plus = local.indexOf('+');
      if (plus > 0) {
        local = local.substring(0, plus);
      }
    }
    if (rule.dots()) {
      local = local.replace(".", "");
    }
    return local + '@' + (rule.domain() != null ? rule.domain() : domain);
  }

  /** Whether the key of addresses at this domain differs from the lower-cased address. */
  public static boolean providerAware(String domain) {
    return RULES.containsKey(domain.toLowerCase(Locale.ROOT));
  }
}
