package io.github.mailvet.kafka.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mailvet.kafka.*}: the node's topics, groups and batches. Brokers, security and client
 * settings come from Spring Boot's {@code spring.kafka.*}. What is not set keeps the default of
 * {@link io.github.mailvet.kafka.MailvetKafka.Builder}.
 */
@ConfigurationProperties("mailvet.kafka")
public class MailvetKafkaProperties {

  /** Whether to run a node in this application. */
  private boolean enabled = true;

  /** Whether the node starts with the application context. */
  private boolean autoStartup = true;

  /**
   * This node's name, in client ids and the mailvet-node header of each result (default: a
   * random name).
   */
  private @Nullable String nodeName;

  /** The input topic (default mailvet.verify). */
  private @Nullable String verifyTopic;

  /**
   * The SMTP stage's topic, keyed by mail server owner (default mailvet.smtp). Give it enough
   * partitions (24 to 48) for the nodes to share.
   */
  private @Nullable String smtpTopic;

  /** The verify stage's consumer group (default mailvet-verify). */
  private @Nullable String verifyGroup;

  /** The SMTP stage's consumer group (default mailvet-smtp). */
  private @Nullable String smtpGroup;

  /** The results' topic (default mailvet.results). */
  private @Nullable String resultTopic;

  /** Records per poll, verified together (default 500). */
  private @Nullable Integer maxPollRecords;

  /** The longest a poll batch may take before it is delivered again (default 10m). */
  private @Nullable Duration batchTimeout;

  /**
   * How many SMTP stage keys a known provider's addresses spread over, by address (default 1:
   * one consumer per mail server). More than 1 for nodes with egress IPs of their own facing
   * providers whose limits are per sending IP; every node must use the same value.
   */
  private @Nullable Integer ownerKeySlots;

  public @Nullable Integer getOwnerKeySlots() {
    return ownerKeySlots;
  }

  public void setOwnerKeySlots(@Nullable Integer ownerKeySlots) {
    this.ownerKeySlots = ownerKeySlots;
  }

  /**
   * How long a stage's batch may keep failing (it is delivered again for as long as it fails)
   * before the node's health is DOWN.
   */
  private Duration healthFailingThreshold = Duration.ofMinutes(1);

  public Duration getHealthFailingThreshold() {
    return healthFailingThreshold;
  }

  public void setHealthFailingThreshold(Duration healthFailingThreshold) {
    this.healthFailingThreshold = healthFailingThreshold;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isAutoStartup() {
    return autoStartup;
  }

  public void setAutoStartup(boolean autoStartup) {
    this.autoStartup = autoStartup;
  }

  public @Nullable String getNodeName() {
    return nodeName;
  }

  public void setNodeName(@Nullable String nodeName) {
    this.nodeName = nodeName;
  }

  public @Nullable String getVerifyTopic() {
    return verifyTopic;
  }

  public void setVerifyTopic(@Nullable String verifyTopic) {
    this.verifyTopic = verifyTopic;
  }

  public @Nullable String getSmtpTopic() {
    return smtpTopic;
  }

  public void setSmtpTopic(@Nullable String smtpTopic) {
    this.smtpTopic = smtpTopic;
  }

  public @Nullable String getVerifyGroup() {
    return verifyGroup;
  }

  public void setVerifyGroup(@Nullable String verifyGroup) {
    this.verifyGroup = verifyGroup;
  }

  public @Nullable String getSmtpGroup() {
    return smtpGroup;
  }

  public void setSmtpGroup(@Nullable String smtpGroup) {
    this.smtpGroup = smtpGroup;
  }

  public @Nullable String getResultTopic() {
    return resultTopic;
  }

  public void setResultTopic(@Nullable String resultTopic) {
    this.resultTopic = resultTopic;
  }

  public @Nullable Integer getMaxPollRecords() {
    return maxPollRecords;
  }

  public void setMaxPollRecords(@Nullable Integer maxPollRecords) {
    this.maxPollRecords = maxPollRecords;
  }

  public @Nullable Duration getBatchTimeout() {
    return batchTimeout;
  }

  public void setBatchTimeout(@Nullable Duration batchTimeout) {
    this.batchTimeout = batchTimeout;
  }
}
