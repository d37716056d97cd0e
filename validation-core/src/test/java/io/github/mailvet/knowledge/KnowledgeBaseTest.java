package io.github.mailvet.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KnowledgeBaseTest {

  private final KnowledgeBase kb = KnowledgeBase.bundled();

  @Test
  void bundledListsHaveTheSizesTheIssueAsksFor() {
    String d = kb.describe();
    int disposable = Integer.parseInt(d.replaceAll(".*disposable=(\\d+).*", "$1"));
    int free = Integer.parseInt(d.replaceAll(".*free=(\\d+).*", "$1"));
    int roles = Integer.parseInt(d.replaceAll(".*roles=(\\d+).*", "$1"));
    assertThat(disposable).isGreaterThanOrEqualTo(100_000);
    assertThat(free).isGreaterThanOrEqualTo(2_000);
    assertThat(roles).isGreaterThanOrEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mailinator.com", "x.mailinator.com", "a.b.mailinator.com",
      "MAILINATOR.COM", "guerrillamail.com", "10minutemail.com", "yopmail.com"})
  void disposableDomainsAndTheirSubdomains(String domain) {
    assertThat(kb.isDisposable(domain)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gmail.com", "outlook.com", "yahoo.com", "gmx.com", "mail.com",
      "proton.me", "icloud.com", "web.de", "example-company.com", "mailinator-fans.example.org"})
  void realProvidersAndLookalikeNamesAreNotDisposable(String domain) {
    assertThat(kb.isDisposable(domain)).isFalse();
  }

  @Test
  void disposableEntryNamesTheListedParent() {
    assertThat(kb.disposableEntry("deep.sub.mailinator.com")).isEqualTo("mailinator.com");
    assertThat(kb.disposableEntry("gmail.com")).isNull();
  }

  @Test
  void userListsWinOverBundledOnes() {
    KnowledgeBase custom = KnowledgeBase.builder()
        .allowDomains(List.of("mailinator.com"))
        .denyDomains(List.of("burner.example", "gmail.com"))
        .build();
    assertThat(custom.isDisposable("mailinator.com")).isFalse();
    assertThat(custom.isDisposable("inbox.mailinator.com")).isFalse();
    assertThat(custom.isDisposable("x.burner.example")).isTrue();
    assertThat(custom.isDisposable("gmail.com")).isTrue();
    assertThat(custom.isDenied("gmail.com")).isTrue();
  }

  @Test
  void userListedIdnsMatchTheParsersAsciiForm() {
    KnowledgeBase custom = KnowledgeBase.builder().denyDomains(List.of("Faß.de")).build();
    assertThat(custom.isDisposable("xn--fa-hia.de")).isTrue(); // UTS #46 nontransitional
    assertThat(custom.isDisposable("fass.de")).isFalse();
  }

  @Test
  void builderRejectsThingsThatAreNotDomains() {
    assertThatThrownBy(() -> KnowledgeBase.builder().denyDomains(List.of("a@b.com")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a@b.com");
    assertThatThrownBy(() -> KnowledgeBase.builder().allowDomains(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"info", "support", "sales", "admin", "noreply", "no-reply", "postmaster",
      "INFO", "info+newsletter", "webmaster", "abuse"})
  void roleAccounts(String local) {
    assertThat(kb.isRoleAccount(local)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada", "ada.lovelace", "j.smith+info", "infos4me"})
  void personalLocalParts(String local) {
    assertThat(kb.isRoleAccount(local)).isFalse();
  }

  @Test
  void freeProvidersAreExactMatches() {
    assertThat(kb.isFreeProvider("gmail.com")).isTrue();
    assertThat(kb.isFreeProvider("gmx.de")).isTrue();
    assertThat(kb.isFreeProvider("acme-widgets.com")).isFalse();
  }

  @Test
  void ianaTlds() {
    assertThat(kb.isKnownTld("com")).isTrue();
    assertThat(kb.isKnownTld("museum")).isTrue();
    assertThat(kb.isKnownTld("con")).isFalse();
  }
}
