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
  void aProvidersAddressesSpreadOverTheSlotsOtherServersKeepOneKey() {
    List<MxHost> google = mx("gmail-smtp-in.l.google.com");
    assertThat(MailRoute.ownerKey(google, "ada@gmail.com", 1)).isEqualTo("google.com");
    String key = MailRoute.ownerKey(google, "ada@gmail.com", 8);
    assertThat(key).matches("google\\.com#[0-7]");
    assertThat(MailRoute.ownerKey(google, "Ada@GMAIL.com", 8)).as("whatever the case")
        .isEqualTo(key);
    // String.hashCode is specified, so every JVM and every process computes the same slot
    assertThat(MailRoute.slot(google, "ada@gmail.com", 8))
        .isEqualTo(Math.floorMod("ada@gmail.com".hashCode(), 8));
    // one domain's addresses spread: gmail.com is one domain with a third of a list
    Map<Integer, Integer> perSlot = new HashMap<>();
    for (int i = 0; i < 800; i++) {
      perSlot.merge(MailRoute.slot(google, "user" + i + "@gmail.com", 8), 1, Integer::sum);
    }
    assertThat(perSlot).hasSize(8);
    assertThat(perSlot.values()).allSatisfy(n -> assertThat(n).isBetween(50, 150));

    List<MxHost> own = mx("mx1.acme.example");
    assertThat(MailRoute.slot(own, "ada@acme.example", 8)).as("not a known provider").isEqualTo(-1);
    assertThat(MailRoute.ownerKey(own, "ada@acme.example", 8)).isEqualTo("mx1.acme.example");
    assertThatThrownBy(() -> MailRoute.slot(google, "ada@gmail.com", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ownerKeySlots must be within 1..1024: 0");
    assertThatThrownBy(() -> MailRoute.requireSlots(1025))
        .hasMessage("ownerKeySlots must be within 1..1024: 1025");
  }
}
