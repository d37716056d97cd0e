package io.github.mailvet.spring;

import io.github.mailvet.Decision;
import io.github.mailvet.address.SyntaxPolicy;
import io.github.mailvet.hosted.Hosted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the mailvet engine ({@code mailvet.*}).
 *
 * <pre>
 * mailvet:
 *   profile: signup
 *   dns:
 *     servers: [10.0.0.53]
 *     timeout: 2s
 *   smtp:
 *     enabled: true
 *     helo-name: verifier.example.com
 *     mail-from: bounce@verifier.example.com
 *   lists:
 *     deny: [competitor.example]
 *   profiles:
 *     partners:
 *       reject-disposable: true
 *       deny-domains: [competitor.example]
 *   hosted:
 *     mode: escalate
 *     providers:
 *       apiddress:
 *         api-key: ${APIDDRESS_API_KEY}
 *         monthly-budget: 1500
 * </pre>
 */
@ConfigurationProperties("mailvet")
public class MailvetProperties {

  /** Whether to configure the mailvet engine. */
  private boolean enabled = true;

  /** Whether to run only the offline stages (no DNS, no SMTP, no providers' fallback DNS). */
  private boolean offline;

  /** Whether {@code <scenario>.mailvet.test} addresses get deterministic answers. */
  private boolean testMode;

  /**
   * Whether a role address (info@, support@) is {@code valid} with {@code checks.role_based}
   * set, as APIddress's {@code allow_role_based} defaults to; false makes it {@code risky}.
   */
  private boolean allowRoleBased = true;

  /** Syntax policy: practical, rfc5321 or rfc5322-lenient. */
  private Syntax syntax = Syntax.PRACTICAL;

  /** Name of the profile applied to every verification (built in or under profiles). */
  private @Nullable String profile;

  /** Verifications in flight at once in bulk work; unset: the engine's default (64). */
  private @Nullable Integer concurrency;

  private final Dns dns = new Dns();

  private final Smtp smtp = new Smtp();

  private final Lists lists = new Lists();

  /** Named profiles, usable by name from {@code @DeliverableEmail(profile = ...)}. */
  private final Map<String, ProfileProperties> profiles = new LinkedHashMap<>();

  private final HostedProperties hosted = new HostedProperties();

  private final Health health = new Health();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isOffline() {
    return offline;
  }

  public void setOffline(boolean offline) {
    this.offline = offline;
  }

  public boolean isTestMode() {
    return testMode;
  }

  public void setTestMode(boolean testMode) {
    this.testMode = testMode;
  }

  public boolean isAllowRoleBased() {
    return allowRoleBased;
  }

  public void setAllowRoleBased(boolean allowRoleBased) {
    this.allowRoleBased = allowRoleBased;
  }

  public Syntax getSyntax() {
    return syntax;
  }

  public void setSyntax(Syntax syntax) {
    this.syntax = syntax;
  }

  public @Nullable String getProfile() {
    return profile;
  }

  public void setProfile(@Nullable String profile) {
    this.profile = profile;
  }

  public @Nullable Integer getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(@Nullable Integer concurrency) {
    this.concurrency = concurrency;
  }

  public Dns getDns() {
    return dns;
  }

  public Smtp getSmtp() {
    return smtp;
  }

  public Lists getLists() {
    return lists;
  }

  public Map<String, ProfileProperties> getProfiles() {
    return profiles;
  }

  public HostedProperties getHosted() {
    return hosted;
  }

  public Health getHealth() {
    return health;
  }

  /** DNS settings. */
  public static class Dns {

    /** Comma-separated list of DNS servers as host[:port]; empty uses the system's. */
    private List<String> servers = new ArrayList<>();

    /** Timeout per DNS query attempt; unset: the engine's default (3 s). */
    private @Nullable Duration timeout;

    /** Retries per DNS query after the first attempt; unset: the engine's default (1). */
    private @Nullable Integer retries;

    public List<String> getServers() {
      return servers;
    }

    public void setServers(List<String> servers) {
      this.servers = servers;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    public @Nullable Integer getRetries() {
      return retries;
    }

    public void setRetries(@Nullable Integer retries) {
      this.retries = retries;
    }
  }

  /** SMTP mailbox probe settings. */
  public static class Smtp {

    /** Whether to ask the mail servers whether mailboxes exist (needs outbound port 25). */
    private boolean enabled;

    /** Port of the mail servers; unset: the engine's default (25). */
    private @Nullable Integer port;

    /** Host name sent in EHLO; should resolve to this machine's address. */
    private @Nullable String heloName;

    /** Address sent in MAIL FROM; empty sends the null sender. */
    private String mailFrom = "";

    /** Whether to connect to MX hosts at loopback or private addresses (tests, intranets). */
    private boolean allowPrivateMx;

    /** Connect and command timeout; unset: the engine's defaults (10 s to connect, 15 s per
     *  command). */
    private @Nullable Duration timeout;

    /** Delay before a greylisted address is asked once more; unset: no re-check. */
    private @Nullable Duration greylistRetry;

    /** Sessions at once per MX host. */
    private int sessionsPerHost = 2;

    /** Minimum interval between session starts per MX host. */
    private Duration intervalPerHost = Duration.ZERO;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Integer getPort() {
      return port;
    }

    public void setPort(@Nullable Integer port) {
      this.port = port;
    }

    public @Nullable String getHeloName() {
      return heloName;
    }

    public void setHeloName(@Nullable String heloName) {
      this.heloName = heloName;
    }

    public String getMailFrom() {
      return mailFrom;
    }

    public void setMailFrom(String mailFrom) {
      this.mailFrom = mailFrom;
    }

    public boolean isAllowPrivateMx() {
      return allowPrivateMx;
    }

    public void setAllowPrivateMx(boolean allowPrivateMx) {
      this.allowPrivateMx = allowPrivateMx;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    public @Nullable Duration getGreylistRetry() {
      return greylistRetry;
    }

    public void setGreylistRetry(@Nullable Duration greylistRetry) {
      this.greylistRetry = greylistRetry;
    }

    public int getSessionsPerHost() {
      return sessionsPerHost;
    }

    public void setSessionsPerHost(int sessionsPerHost) {
      this.sessionsPerHost = sessionsPerHost;
    }

    public Duration getIntervalPerHost() {
      return intervalPerHost;
    }

    public void setIntervalPerHost(Duration intervalPerHost) {
      this.intervalPerHost = intervalPerHost;
    }
  }

  /** Extra entries for the bundled datasets. */
  public static class Lists {

    /** Comma-separated list of domains never treated as disposable (subdomains included). */
    private List<String> allow = new ArrayList<>();

    /** Comma-separated list of domains always treated as disposable (subdomains included). */
    private List<String> deny = new ArrayList<>();

    /** Comma-separated list of extra role local parts (info, support, ...). */
    private List<String> roles = new ArrayList<>();

    public List<String> getAllow() {
      return allow;
    }

    public void setAllow(List<String> allow) {
      this.allow = allow;
    }

    public List<String> getDeny() {
      return deny;
    }

    public void setDeny(List<String> deny) {
      this.deny = deny;
    }

    public List<String> getRoles() {
      return roles;
    }

    public void setRoles(List<String> roles) {
      this.roles = roles;
    }
  }

  /** A named profile: which results to accept, review or reject. */
  public static class ProfileProperties {

    /** Whether disposable addresses are rejected. */
    private boolean rejectDisposable = true;

    /** Whether free-provider addresses are rejected. */
    private boolean rejectFree;

    /** Whether role addresses are rejected. */
    private boolean rejectRole;

    /** Whether role addresses go to review. */
    private boolean reviewRole;

    /** Whether likely typos go to review. */
    private boolean reviewTypo = true;

    /** Whether risky results go to review. */
    private boolean reviewRisky;

    /** Scores below this go to the below-min-score decision; unset: no minimum. */
    private @Nullable Double minScore;

    /** Decision for scores below min-score: accept, review or reject. */
    private Decision belowMinScore = Decision.REVIEW;

    /** Decision for unknown results: accept, review or reject. */
    private Decision onUnknown = Decision.ACCEPT;

    /** Comma-separated list of domains always accepted (when not invalid). */
    private List<String> allowDomains = new ArrayList<>();

    /** Comma-separated list of domains always rejected. */
    private List<String> denyDomains = new ArrayList<>();

    public boolean isRejectDisposable() {
      return rejectDisposable;
    }

    public void setRejectDisposable(boolean rejectDisposable) {
      this.rejectDisposable = rejectDisposable;
    }

    public boolean isRejectFree() {
      return rejectFree;
    }

    public void setRejectFree(boolean rejectFree) {
      this.rejectFree = rejectFree;
    }

    public boolean isRejectRole() {
      return rejectRole;
    }

    public void setRejectRole(boolean rejectRole) {
      this.rejectRole = rejectRole;
    }

    public boolean isReviewRole() {
      return reviewRole;
    }

    public void setReviewRole(boolean reviewRole) {
      this.reviewRole = reviewRole;
    }

    public boolean isReviewTypo() {
      return reviewTypo;
    }

    public void setReviewTypo(boolean reviewTypo) {
      this.reviewTypo = reviewTypo;
    }

    public boolean isReviewRisky() {
      return reviewRisky;
    }

    public void setReviewRisky(boolean reviewRisky) {
      this.reviewRisky = reviewRisky;
    }

    public @Nullable Double getMinScore() {
      return minScore;
    }

    public void setMinScore(@Nullable Double minScore) {
      this.minScore = minScore;
    }

    public Decision getBelowMinScore() {
      return belowMinScore;
    }

    public void setBelowMinScore(Decision belowMinScore) {
      this.belowMinScore = belowMinScore;
    }

    public Decision getOnUnknown() {
      return onUnknown;
    }

    public void setOnUnknown(Decision onUnknown) {
      this.onUnknown = onUnknown;
    }

    public List<String> getAllowDomains() {
      return allowDomains;
    }

    public void setAllowDomains(List<String> allowDomains) {
      this.allowDomains = allowDomains;
    }

    public List<String> getDenyDomains() {
      return denyDomains;
    }

    public void setDenyDomains(List<String> denyDomains) {
      this.denyDomains = denyDomains;
    }
  }

  /** Hosted-provider delegation. */
  public static class HostedProperties {

    /** When providers are asked: local (never), hosted-first or escalate. */
    private Hosted.Mode mode = Hosted.Mode.LOCAL;

    /** Providers by id (apiddress, validmail, killbounce, checkdisposable, mailerio), asked in
     *  the order given here. */
    private Map<String, ProviderProperties> providers = new LinkedHashMap<>();

    /** Whether providers are asked to run their SMTP check. */
    private boolean checkSmtp;

    /** How long a provider's answer is reused instead of paid for again; unset: 24 h. */
    private @Nullable Duration cacheTtl;

    /** Answers kept in the cache; 0 turns it off; unset: 100,000. */
    private @Nullable Long cacheSize;

    /** Attempts per request, the first included; unset: 3. */
    private @Nullable Integer maxAttempts;

    /** First retry's backoff; doubles each time, with jitter; unset: 500 ms. */
    private @Nullable Duration backoff;

    /** Longest Retry-After worth waiting for before falling back; unset: 30 s. */
    private @Nullable Duration maxRetryWait;

    /** How long a failing provider's circuit stays open; unset: 30 s. */
    private @Nullable Duration breakerOpen;

    /** Bulk work when a provider's quota is smaller than the job: send-what-fits or
     *  refuse-whole; unset: send-what-fits. */
    private Hosted.@Nullable BulkQuota bulkQuota;

    public Hosted.Mode getMode() {
      return mode;
    }

    public void setMode(Hosted.Mode mode) {
      this.mode = mode;
    }

    public Map<String, ProviderProperties> getProviders() {
      return providers;
    }

    public void setProviders(Map<String, ProviderProperties> providers) {
      this.providers = providers;
    }

    public boolean isCheckSmtp() {
      return checkSmtp;
    }

    public void setCheckSmtp(boolean checkSmtp) {
      this.checkSmtp = checkSmtp;
    }

    public @Nullable Duration getCacheTtl() {
      return cacheTtl;
    }

    public void setCacheTtl(@Nullable Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
    }

    public @Nullable Long getCacheSize() {
      return cacheSize;
    }

    public void setCacheSize(@Nullable Long cacheSize) {
      this.cacheSize = cacheSize;
    }

    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public @Nullable Duration getBackoff() {
      return backoff;
    }

    public void setBackoff(@Nullable Duration backoff) {
      this.backoff = backoff;
    }

    public @Nullable Duration getMaxRetryWait() {
      return maxRetryWait;
    }

    public void setMaxRetryWait(@Nullable Duration maxRetryWait) {
      this.maxRetryWait = maxRetryWait;
    }

    public @Nullable Duration getBreakerOpen() {
      return breakerOpen;
    }

    public void setBreakerOpen(@Nullable Duration breakerOpen) {
      this.breakerOpen = breakerOpen;
    }

    public Hosted.@Nullable BulkQuota getBulkQuota() {
      return bulkQuota;
    }

    public void setBulkQuota(Hosted.@Nullable BulkQuota bulkQuota) {
      this.bulkQuota = bulkQuota;
    }
  }

  /** One hosted provider. */
  public static class ProviderProperties {

    /** API key; leave unset to read the provider's environment variable
     *  (APIDDRESS_API_KEY, ...). Never logged. */
    private @Nullable String apiKey;

    /** Other base URL (a proxy, a stub); required for mailerio. */
    private @Nullable String baseUrl;

    /** Endpoint path, for the JSON-mapping providers (mailerio). */
    private @Nullable String path;

    /** Time for one whole request; unset: the provider's default (10 s). */
    private @Nullable Duration timeout;

    /** Monthly budget of our own, in credits; unset: none. */
    private @Nullable Long monthlyBudget;

    public @Nullable String getApiKey() {
      return apiKey;
    }

    public void setApiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
    }

    public @Nullable String getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(@Nullable String baseUrl) {
      this.baseUrl = baseUrl;
    }

    public @Nullable String getPath() {
      return path;
    }

    public void setPath(@Nullable String path) {
      this.path = path;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    public @Nullable Long getMonthlyBudget() {
      return monthlyBudget;
    }

    public void setMonthlyBudget(@Nullable Long monthlyBudget) {
      this.monthlyBudget = monthlyBudget;
    }

    @Override
    public String toString() {
      return "ProviderProperties[apiKey=" + (apiKey == null ? "(unset)" : "(redacted)")
          + ", baseUrl=" + baseUrl + ", timeout=" + timeout + ", monthlyBudget="
          + monthlyBudget + "]";
    }
  }

  /** Health indicator settings. */
  public static class Health {

    /** Domain whose mail route the health check looks up to see that DNS answers. */
    private String dnsProbeDomain = "gmail.com";

    /** How long the health check waits for DNS. */
    private Duration timeout = Duration.ofSeconds(3);

    public String getDnsProbeDomain() {
      return dnsProbeDomain;
    }

    public void setDnsProbeDomain(String dnsProbeDomain) {
      this.dnsProbeDomain = dnsProbeDomain;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** The syntax policies by name (bound by Spring: {@code rfc5322-lenient} is RFC5322_LENIENT). */
  public enum Syntax {
    /** What real mail systems accept (default). */
    PRACTICAL(SyntaxPolicy.PRACTICAL),
    /** The SMTP grammar: quoted local parts and address literals. */
    RFC5321(SyntaxPolicy.RFC5321),
    /** The message-header grammar with comments and obsolete forms. */
    RFC5322_LENIENT(SyntaxPolicy.RFC5322_LENIENT);

    private final SyntaxPolicy policy;

    Syntax(SyntaxPolicy policy) {
      this.policy = policy;
    }

    /** The engine's policy. */
    public SyntaxPolicy policy() {
      return policy;
    }
  }
}
