package io.github.mailvet.bridge;

import io.github.mailvet.VerificationResult;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The APIddress API (base {@code /api/v1}), fields and codes as the seed document gives them,
 * plus the extensions the issue names: batch lists, paged and CSV results, processed counts,
 * stored verifications.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiController {

  static final int MAX_SYNC = 100;
  static final int MAX_BATCH = 5_000;

  private final Verifier verifier;
  private final Quotas quotas;
  private final Batches batches;
  private final Views views;
  private final CallbackUrls urls;
  private final JsonMapper json;
  private final JdbcClient db;
  private final BatchWorker worker;
  private final Hooks hooks;
  private final TransactionTemplate tx;

  private final BridgeNode node;

  ApiController(Verifier verifier, Quotas quotas, Batches batches, Views views,
      CallbackUrls urls, JsonMapper json, JdbcClient db, BatchWorker worker, Hooks hooks,
      TransactionTemplate tx, BridgeNode node) {
    this.node = node;
    this.worker = worker;
    this.hooks = hooks;
    this.tx = tx;
    this.verifier = verifier;
    this.quotas = quotas;
    this.batches = batches;
    this.views = views;
    this.urls = urls;
    this.json = json;
    this.db = db;
  }

  @GetMapping("/health")
  String health() {
    db.sql("select 1").query(Integer.class).single();
    ObjectNode n = json.createObjectNode();
    n.put("status", "ok");
    n.put("database", "up");
    n.put("node", node.id());
    return views.write(n);
  }

  @GetMapping(path = "/openapi.yaml", produces = "application/yaml")
  ResponseEntity<byte[]> openapi() throws IOException {
    try (InputStream in = ApiController.class.getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw ApiException.notFound("the OpenAPI document is not in this build");
      }
      return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml"))
          .body(in.readAllBytes());
    }
  }

  @PostMapping("/validate-email")
  String validateEmail(HttpServletRequest request) {
    ApiKey key = key(request);
    ObjectNode in = object(request);
    String email = text(in, "email");
    Verifier.Options o = options(key, in);
    String month = quotas.reserve(key, 1);
    VerificationResult r = spending(key, month, 1, () -> verifier.verify(List.of(email), o))
        .get(0);
    String id = Verifier.newId();
    String answer = verifier.answer(r, id);
    tx.executeWithoutResult(s -> {
      verifier.store(key, id, r, answer, null);
      hooks.publish(key.id(), Hooks.VERIFICATION_COMPLETED, answer);
    });
    return answer;
  }

  @PostMapping("/validate-emails")
  String validateEmails(HttpServletRequest request) {
    ApiKey key = key(request);
    ObjectNode in = object(request);
    List<String> emails = emails(in, MAX_SYNC);
    Verifier.Options o = options(key, in);
    String month = quotas.reserve(key, emails.size());
    List<VerificationResult> rs = spending(key, month, emails.size(),
        () -> verifier.verify(emails, o));
    ObjectNode out = json.createObjectNode();
    out.put("count", rs.size());
    ArrayNode results = out.putArray("results");
    List<String> ids = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    for (VerificationResult r : rs) {
      String id = Verifier.newId();
      String answer = verifier.answer(r, id);
      ids.add(id);
      answers.add(answer);
      results.add(json.readTree(answer));
    }
    tx.executeWithoutResult(s -> {
      verifier.storeAll(key, ids, rs, answers, null);
      hooks.publish(key.id(), Hooks.VERIFICATION_COMPLETED, answers);
    });
    return views.write(out);
  }

  @PostMapping("/batches")
  ResponseEntity<String> createBatch(HttpServletRequest request) {
    ApiKey key = key(request);
    ObjectNode in = object(request);
    List<String> emails = emails(in, MAX_BATCH);
    Verifier.Options o = options(key, in);
    String callback = optionalText(in, "callback_url");
    if (callback != null) {
      urls.check(callback, "callback_url");
    }
    String month = quotas.reserve(key, emails.size());
    Batches.Batch b = spending(key, month, emails.size(),
        () -> batches.create(key, emails, o, callback, month));
    worker.nudge();
    ObjectNode out = json.createObjectNode();
    out.put("batch_id", b.id());
    out.put("status", b.status());
    out.put("submitted_count", b.submitted());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.write(out));
  }

  @GetMapping("/batches/{id}")
  String batch(HttpServletRequest request, @PathVariable String id) {
    ApiKey key = key(request);
    return views.write(views.batch(found(key, id), true));
  }

  @GetMapping("/batches")
  String listBatches(HttpServletRequest request,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(defaultValue = "20") int limit) {
    ApiKey key = key(request);
    if (status != null && !List.of("pending", "processing", "completed", "failed")
        .contains(status)) {
      throw ApiException.invalid("status", "status is pending, processing, completed or failed");
    }
    if (limit < 1 || limit > 100) {
      throw ApiException.invalid("limit", "limit is 1 to 100");
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("batches");
    batches.list(key.id(), status, limit).forEach(b -> list.add(views.batch(b, false)));
    return views.write(out);
  }

  @GetMapping(path = "/batches/{id}/results", produces = {MediaType.APPLICATION_JSON_VALUE,
      "text/csv"})
  ResponseEntity<String> batchResults(HttpServletRequest request, @PathVariable String id,
      @RequestParam(defaultValue = "json") String format,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(defaultValue = "1000") int limit) {
    ApiKey key = key(request);
    Batches.Batch b = found(key, id);
    if (!format.equals("json") && !format.equals("csv")) {
      throw ApiException.invalid("format", "format is json or csv");
    }
    if (offset < 0) {
      throw ApiException.invalid("offset", "offset must not be negative");
    }
    if (limit < 1 || limit > MAX_BATCH) {
      throw ApiException.invalid("limit", "limit is 1 to " + MAX_BATCH);
    }
    List<@Nullable String> page = batches.results(id, offset, limit);
    Integer next = offset + page.size() < b.submitted() ? offset + page.size() : null;
    if (format.equals("csv")) {
      return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv"))
          .header("content-disposition", "attachment; filename=\"" + id + ".csv\"")
          .body(csv(batches.emails(id, offset, limit), page));
    }
    ObjectNode out = json.createObjectNode();
    out.put("batch_id", id);
    out.put("status", b.status());
    out.put("total", b.submitted());
    out.put("offset", offset);
    out.put("next_offset", next);
    out.set("results", views.results(page));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(views.write(out));
  }

  @GetMapping("/me")
  String me(HttpServletRequest request) {
    ApiKey key = key(request);
    ObjectNode out = json.createObjectNode();
    out.put("id", key.id());
    out.put("name", key.name());
    out.put("email", key.email());
    out.put("plan", key.plan());
    out.put("is_active", key.active());
    out.put("test", key.test());
    out.put("requests_limit", key.monthlyLimit());
    out.put("requests_used", quotas.used(key, quotas.month().toString()));
    out.put("profile", key.profile());
    out.put("created_at", key.createdAt().toString());
    return views.write(out);
  }

  @GetMapping("/usage")
  String usage(HttpServletRequest request, @RequestParam(required = false) @Nullable String month) {
    ApiKey key = key(request);
    String m;
    try {
      m = month == null ? quotas.month().toString() : YearMonth.parse(month).toString();
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("month", "month is YYYY-MM");
    }
    long used = quotas.used(key, m);
    ObjectNode out = json.createObjectNode();
    out.put("month", m);
    out.put("requests_used", used);
    out.put("requests_limit", key.monthlyLimit());
    out.put("remaining", Math.max(0, key.monthlyLimit() - used));
    return views.write(out);
  }

  @GetMapping("/usage/history")
  String history(HttpServletRequest request, @RequestParam(defaultValue = "12") int months) {
    ApiKey key = key(request);
    if (months < 1 || months > 24) {
      throw ApiException.invalid("months", "months is 1 to 24");
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("months");
    for (Map.Entry<String, Long> e : quotas.history(key, months)) {
      ObjectNode m = list.addObject();
      m.put("month", e.getKey());
      m.put("requests_used", e.getValue());
      m.put("requests_limit", key.monthlyLimit());
    }
    return views.write(out);
  }

  @GetMapping("/verifications")
  String verifications(HttpServletRequest request,
      @RequestParam(required = false) @Nullable String email,
      @RequestParam(defaultValue = "10") int limit) {
    ApiKey key = key(request);
    if (limit < 1 || limit > 100) {
      throw ApiException.invalid("limit", "limit is 1 to 100");
    }
    List<String> rows = email == null
        ? db.sql("select result from verification where key_id = ? order by created_at desc,"
            + " id limit ?").params(key.id(), limit).query(String.class).list()
        : db.sql("select result from verification where key_id = ? and (normalized_email = ?"
            + " or email = ?) order by created_at desc, id limit ?")
            .params(key.id(), email.strip().toLowerCase(java.util.Locale.ROOT), email, limit)
            .query(String.class).list();
    ObjectNode out = json.createObjectNode();
    out.set("verifications", views.results(new ArrayList<>(rows)));
    return views.write(out);
  }

  @PostMapping("/hooks")
  ResponseEntity<String> subscribe(HttpServletRequest request) {
    ApiKey key = key(request);
    ObjectNode in = object(request);
    String url = text(in, "url");
    String event = text(in, "event");
    if (!Hooks.EVENTS.contains(event)) {
      throw ApiException.invalid("event", "event is one of " + new java.util.TreeSet<>(
          Hooks.EVENTS));
    }
    urls.check(url, "url");
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(views.write(hookJson(hooks.subscribe(key, url, event))));
  }

  @GetMapping("/hooks")
  String listHooks(HttpServletRequest request) {
    ApiKey key = key(request);
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("hooks");
    hooks.active(key.id(), null).forEach(h -> list.add(hookJson(h)));
    return views.write(out);
  }

  @DeleteMapping("/hooks/{id}")
  String unsubscribe(HttpServletRequest request, @PathVariable String id) {
    ApiKey key = key(request);
    hooks.unsubscribe(key, id);
    ObjectNode out = json.createObjectNode();
    out.put("id", id);
    out.put("deleted", true);
    return views.write(out);
  }

  private ObjectNode hookJson(Hooks.Hook h) {
    ObjectNode n = json.createObjectNode();
    n.put("id", h.id());
    n.put("url", h.url());
    n.put("event", h.event());
    n.put("created_at", h.createdAt().toString());
    return n;
  }

  // ---------------------------------------------------------------------------------------

  private static ApiKey key(HttpServletRequest request) {
    Object k = request.getAttribute(ApiKeyFilter.KEY);
    if (k instanceof ApiKey key) {
      return key;
    }
    throw ApiException.unauthorized("no API key");
  }

  private Batches.Batch found(ApiKey key, String id) {
    return batches.find(key.id(), id).orElseThrow(() ->
        ApiException.notFound("no batch " + id + " for this key"));
  }

  /** Work paid for up front: if it fails, the units go back. */
  private <T> T spending(ApiKey key, String month, int units, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      if (!key.test()) {
        quotas.refund(key.id(), month, units);
      }
      throw e;
    }
  }

  /** The largest body read: 5,000 addresses of 254 octets, JSON-escaped, fit well within it. */
  static final int MAX_BODY = 8 << 20;

  /**
   * The request's JSON object, read from the body whatever content type the client sent (a
   * form content type would make the servlet layer re-encode it).
   */
  private ObjectNode object(HttpServletRequest request) {
    String body;
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw ApiException.invalid("body", "the request body is larger than "
            + (MAX_BODY >> 20) + " MB");
      }
      body = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ApiException.invalid("body", "the request body could not be read");
    }
    if (body.isBlank()) {
      throw ApiException.invalid("body", "the request needs a JSON object body");
    }
    JsonNode n;
    try {
      n = json.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.invalid("body", "the request body is not valid JSON");
    }
    if (!(n instanceof ObjectNode o)) {
      throw ApiException.invalid("body", "the request body must be a JSON object");
    }
    return o;
  }

  private static String text(ObjectNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.invalid(field, field + " is required");
    }
    if (!v.isString()) {
      throw ApiException.invalid(field, field + " must be a string");
    }
    return v.asString();
  }

  private static @Nullable String optionalText(ObjectNode in, String field) {
    JsonNode v = in.get(field);
    return v == null || v.isNull() ? null : text(in, field);
  }

  private static boolean bool(ObjectNode in, String field, boolean otherwise) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      return otherwise;
    }
    if (!v.isBoolean()) {
      throw ApiException.invalid(field, field + " must be true or false");
    }
    return v.asBoolean();
  }

  private static List<String> emails(ObjectNode in, int max) {
    JsonNode v = in.get("emails");
    if (v == null || v.isNull()) {
      throw ApiException.invalid("emails", "emails is required");
    }
    if (!v.isArray()) {
      throw ApiException.invalid("emails", "emails must be an array of strings");
    }
    if (v.isEmpty() || v.size() > max) {
      throw ApiException.invalid("emails", "emails takes 1 to " + max + " addresses, got "
          + v.size());
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isString()) {
        throw ApiException.invalid("emails[" + i + "]", "emails[" + i + "] must be a string");
      }
      out.add(e.asString());
    }
    return out;
  }

  private Verifier.Options options(ApiKey key, ObjectNode in) {
    String profile = optionalText(in, "profile");
    if (profile == null) {
      profile = key.profile();
    }
    verifier.profile(profile, "profile");
    return new Verifier.Options(bool(in, "check_smtp", false),
        bool(in, "allow_role_based", true), profile, key.test());
  }

  private static final List<String> CSV_COLUMNS = List.of("email", "normalized_email", "status",
      "valid", "score", "reason", "suggestion", "provider", "decision", "rule");
  private static final List<String> CSV_CHECKS = List.of("syntax", "domain_exists", "mx", "smtp",
      "disposable", "role_based", "free_provider", "catch_all", "typo");

  private String csv(List<String> emails, List<@Nullable String> page) {
    StringWriter w = new StringWriter();
    List<String> header = new ArrayList<>(CSV_COLUMNS);
    CSV_CHECKS.forEach(c -> header.add("checks." + c));
    try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
        .setHeader(header.toArray(String[]::new)).get())) {
      for (int i = 0; i < page.size(); i++) {
        List<String> row = new ArrayList<>();
        String stored = page.get(i);
        JsonNode r = stored == null ? null : json.readTree(stored);
        for (String c : CSV_COLUMNS) {
          row.add(cell(c.equals("email") && r == null ? emails.get(i)
              : r == null ? "" : value(r.get(c))));
        }
        for (String c : CSV_CHECKS) {
          row.add(r == null ? "" : value(r.path("checks").get(c)));
        }
        p.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static String value(@Nullable JsonNode n) {
    return n == null || n.isNull() ? "" : n.asString();
  }

  /** A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice). */
  static String cell(String v) {
    return !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
  }
}
