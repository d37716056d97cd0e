package io.github.mailvet.bridge;

import io.github.mailvet.spring.MailvetBuilderCustomizer;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The bridge: the starter's engine behind the APIddress API. {@code ./mailvet serve} runs it
 * ({@link BridgeMain}); it also runs as any Spring Boot app with {@code spring.datasource.url}
 * set.
 */
@SpringBootApplication
@EnableConfigurationProperties(BridgeProperties.class)
public class BridgeApplication {

  /**
   * The engine's state that several nodes must share lives in the database: which node probes
   * which mail servers, and the hosted providers' budgets and suspensions.
   */
  @Bean
  MailvetBuilderCustomizer sharedEngineState(MxLeases leases, ProviderLedger ledger,
      BridgeProperties settings) {
    return builder -> builder.mxOwnership(leases)
        .ownerKeySlots(settings.getMx().getOwnerKeySlots()).hostedLedger(ledger);
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
