package io.github.mailvet.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * The committed {@code openapi.yaml} and the running bridge agree: the same operations (method
 * and path) on both sides, and the served document is the committed file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDriftTest {

  private EmbeddedDatabase db;
  private RunningBridge bridge;

  @BeforeAll
  void start() throws Exception {
    db = EmbeddedDatabase.open(Files.createTempDirectory("mailvet-openapi-"), true);
    bridge = new RunningBridge(db.jdbcUrl(), Map.of("mailvet.offline", true));
  }

  @AfterAll
  void stop() {
    bridge.close();
    db.close();
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
    Set<String> documented = new TreeSet<>();
    Map<String, Object> doc = new Yaml().load(Files.readString(Path.of("openapi.yaml")));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
    paths.forEach((path, ops) -> ops.keySet().forEach(m ->
        documented.add(m.toUpperCase(java.util.Locale.ROOT) + " "
            + path.replaceAll("\\{[^}]+}", "{}"))));

    Set<String> served = new TreeSet<>();
    RequestMappingHandlerMapping mapping = bridge.context
        .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
      if (e.getValue().getBeanType() != ApiController.class) {
        continue;
      }
      for (String p : e.getKey().getPatternValues()) {
        e.getKey().getMethodsCondition().getMethods().forEach(m ->
            served.add(m.name() + " " + p.replaceAll("\\{[^}]+}", "{}")));
      }
    }
    assertThat(served).isNotEmpty().isEqualTo(documented);
  }

  @Test
  void theServedDocumentIsTheCommittedOne() throws Exception {
    RunningBridge.Answer a = bridge.get("/api/v1/openapi.yaml", null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.raw().body()).isEqualTo(Files.readString(Path.of("openapi.yaml")));
  }
}
