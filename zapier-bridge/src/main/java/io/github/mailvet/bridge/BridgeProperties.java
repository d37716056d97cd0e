package io.github.mailvet.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The bridge's settings, {@code mailvet.bridge.*}; the engine's are the starter's {@code mailvet.*}. */
@ConfigurationProperties("mailvet.bridge")
public class BridgeProperties {

  /**
   * Whether callback and hook URLs may point at loopback or private addresses and use plain
   * HTTP (tests, intranets). By default they must be HTTPS to public addresses.
   */
  private boolean allowPrivateCallbacks;

  /** How long stored addresses and results are kept (they are personal data). */
  private Duration retention = Duration.ofDays(30);

  /** How often the retention purge runs. */
  private Duration purgeInterval = Duration.ofHours(1);

  /** How long a node holds a batch it works on before another may take it over. */
  private Duration batchLease = Duration.ofSeconds(30);

  /** Addresses verified (and stored) together within a batch. */
  private int batchChunk = 200;

  /** How often idle workers look for batches and due webhook deliveries. */
  private Duration pollInterval = Duration.ofMillis(500);

  /** Attempts of a batch that keeps failing before it is marked failed (and refunded). */
  private int batchAttempts = 3;

  /**
   * Waits between webhook delivery attempts: immediately, then these (each with up to 20%
   * jitter). The default spans about a day, as Standard Webhooks senders do.
   */
  private List<Duration> webhookRetries = new ArrayList<>(List.of(Duration.ofSeconds(5),
      Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
      Duration.ofHours(10), Duration.ofHours(10)));

  /** Timeout of one webhook delivery. */
  private Duration webhookTimeout = Duration.ofSeconds(15);

  /** Deliveries per second to one target (Zapier accepts 30 per second per hook). */
  private int webhookRatePerTarget = 30;

  /** Monthly validations per plan. */
  private Map<String, Long> plans = new LinkedHashMap<>(Map.of(
      "free", 2_000L, "paid", 50_000L, "enterprise", 250_000L));

  /** Requests per minute per key, per plan. */
  private Map<String, Long> ratePerMinute = new LinkedHashMap<>(Map.of(
      "free", 60L, "paid", 600L, "enterprise", 3_000L));

  /** Mail server ownership across nodes (see {@link MxLeases}). */
  private final Mx mx = new Mx();

  public Mx getMx() {
    return mx;
  }

  /** How nodes share mail servers: {@code mailvet.bridge.mx.*}. */
  public static class Mx {
    /** How long a node's claim on a mail server lasts unless renewed (a dead node's lapses). */
    private Duration leaseTtl = Duration.ofSeconds(30);
    /** How long a node keeps a mail server other nodes are waiting for before it hands it over. */
    private Duration fairShare = Duration.ofSeconds(5);
    /** How long an idle claim is kept for the next domain on the same servers. */
    private Duration linger = Duration.ofMillis(200);
    /** How long an address waits for another node to hand a mail server over. */
    private Duration maxWait = Duration.ofMinutes(5);
    /**
     * How many leases a known provider's mail servers split into, by address (1: one node at a
     * time per mail server). More than 1 when each node has its own egress IP and a provider
     * limits each sending IP: up to this many nodes probe it at once, each within its own
     * limits. Other mail servers keep one lease. Every node must use the same value.
     */
    private int ownerKeySlots = 1;

    public int getOwnerKeySlots() {
      return ownerKeySlots;
    }

    public void setOwnerKeySlots(int ownerKeySlots) {
      this.ownerKeySlots = ownerKeySlots;
    }

    public Duration getLeaseTtl() {
      return leaseTtl;
    }

    public void setLeaseTtl(Duration leaseTtl) {
      this.leaseTtl = leaseTtl;
    }

    public Duration getFairShare() {
      return fairShare;
    }

    public void setFairShare(Duration fairShare) {
      this.fairShare = fairShare;
    }

    public Duration getLinger() {
      return linger;
    }

    public void setLinger(Duration linger) {
      this.linger = linger;
    }

    public Duration getMaxWait() {
      return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
      this.maxWait = maxWait;
    }
  }

  public boolean isAllowPrivateCallbacks() {
    return allowPrivateCallbacks;
  }

  public void setAllowPrivateCallbacks(boolean allowPrivateCallbacks) {
    this.allowPrivateCallbacks = allowPrivateCallbacks;
  }

  public Duration getRetention() {
    return retention;
  }

  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  public Duration getPurgeInterval() {
    return purgeInterval;
  }

  public void setPurgeInterval(Duration purgeInterval) {
    this.purgeInterval = purgeInterval;
  }

  public Duration getBatchLease() {
    return batchLease;
  }

  public void setBatchLease(Duration batchLease) {
    this.batchLease = batchLease;
  }

  public int getBatchChunk() {
    return batchChunk;
  }

  public void setBatchChunk(int batchChunk) {
    this.batchChunk = batchChunk;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  public int getBatchAttempts() {
    return batchAttempts;
  }

  public void setBatchAttempts(int batchAttempts) {
    this.batchAttempts = batchAttempts;
  }

  public List<Duration> getWebhookRetries() {
    return webhookRetries;
  }

  public void setWebhookRetries(List<Duration> webhookRetries) {
    this.webhookRetries = webhookRetries;
  }

  public Duration getWebhookTimeout() {
    return webhookTimeout;
  }

  public void setWebhookTimeout(Duration webhookTimeout) {
    this.webhookTimeout = webhookTimeout;
  }

  public int getWebhookRatePerTarget() {
    return webhookRatePerTarget;
  }

  public void setWebhookRatePerTarget(int webhookRatePerTarget) {
    this.webhookRatePerTarget = webhookRatePerTarget;
  }

  public Map<String, Long> getPlans() {
    return plans;
  }

  public void setPlans(Map<String, Long> plans) {
    this.plans = plans;
  }

  public Map<String, Long> getRatePerMinute() {
    return ratePerMinute;
  }

  public void setRatePerMinute(Map<String, Long> ratePerMinute) {
    this.ratePerMinute = ratePerMinute;
  }
}
