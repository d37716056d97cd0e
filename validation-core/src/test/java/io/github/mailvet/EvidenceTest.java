package io.github.mailvet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.mailvet.internal.Json;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceTest {

  @Test
  void dataPrintsInKeyOrderWhateverMapItCameIn() {
    Map<String, String> inserted = new LinkedHashMap<>();
    inserted.put("reply", "550 5.1.1 no such user");
    inserted.put("host", "mx.example.com");
    inserted.put("code", "550");
    Evidence e = new Evidence("smtp", "mailbox_rejected", "no such mailbox", -1, inserted);
    assertThat(e.data().keySet()).containsExactly("code", "host", "reply");
    // Map.of iterates in an order that changes between JVMs; the evidence does not
    Evidence same = new Evidence("smtp", "mailbox_rejected", "no such mailbox", -1,
        Map.of("host", "mx.example.com", "reply", "550 5.1.1 no such user", "code", "550"));
    assertThat(same.data().keySet()).containsExactly("code", "host", "reply");
    assertThat(same).isEqualTo(e);
    assertThat(Json.write(same)).contains(
        "\"data\":{\"code\":\"550\",\"host\":\"mx.example.com\",\"reply\":\"550 5.1.1 no such user\"}");
  }

  @Test
  void dataIsACopyAndRefusesNulls() {
    Map<String, String> source = new HashMap<>(Map.of("entry", "mailinator.com"));
    Evidence e = new Evidence("classify", "disposable", "disposable", -0.4, source);
    source.put("list", "changed later");
    assertThat(e.data()).containsOnlyKeys("entry");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("entry", null);
    assertThatNullPointerException()
        .isThrownBy(() -> new Evidence("classify", "disposable", "x", 0, withNull));
  }
}
