package io.github.mailvet.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Owner keys and their slots: what processes that share mail servers agree on. */
class MailRouteTest {

  private static List<MxHost> mx(String... hosts) {
    return java.util.Arrays.stream(hosts).map(h -> new MxHost(10, h, List.of())).toList();
  }

  @Test
  void theOwnerIsTheProviderElseTheFirstHostNeverTheDomain() {
    assertThat(MailRoute.ownerKey(mx("ASPMX.L.GOOGLE.COM", "alt1.aspmx.l.google.com")))
        .isEqualTo("google.com");
    assertThat(MailRoute.ownerKey(mx("acme-com.mail.protection.outlook.com")))
        .isEqualTo("microsoft.com");
    assertThat(MailRoute.ownerKey(mx("MX1.Hosting.test", "mx2.hosting.test")))
        .isEqualTo("mx1.hosting.test");
    assertThat(MailRoute.ownerKey(List.of())).isEmpty();
  }

  @Test
  void aDomainHasOneSlotWhateverItsCaseAndTheSlotsSpreadDomains() {
    assertThat(MailRoute.slotted("google.com", "acme.example", 1)).isEqualTo("google.com");
    String slot = MailRoute.slotted("google.com", "acme.example", 8);
    assertThat(slot).matches("google\\.com#[0-7]");
    assertThat(MailRoute.slotted("google.com", "ACME.example", 8)).isEqualTo(slot);
    // String.hashCode is specified, so every JVM and every process computes the same slot
    assertThat(MailRoute.slot("acme.example", 8))
        .isEqualTo(Math.floorMod("acme.example".hashCode(), 8));
    Map<Integer, Integer> perSlot = new HashMap<>();
    for (int i = 0; i < 800; i++) {
      perSlot.merge(MailRoute.slot("tenant" + i + ".example", 8), 1, Integer::sum);
    }
    assertThat(perSlot).hasSize(8);
    assertThat(perSlot.values()).allSatisfy(n -> assertThat(n).isBetween(50, 150));
    assertThatThrownBy(() -> MailRoute.slotted("google.com", "acme.example", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slots");
  }
}
