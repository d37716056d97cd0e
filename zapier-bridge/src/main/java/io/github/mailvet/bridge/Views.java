package io.github.mailvet.bridge;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The API's JSON shapes that more than one place writes (answers and webhook payloads). */
@Component
class Views {

  private final JsonMapper json;
  private final Batches batches;

  Views(JsonMapper json, Batches batches) {
    this.json = json;
    this.batches = batches;
  }

  /** A batch as {@code GET /batches/{id}} shows it; results only when asked and finished. */
  ObjectNode batch(Batches.Batch b, boolean withResults) {
    ObjectNode n = json.createObjectNode();
    n.put("batch_id", b.id());
    n.put("status", b.status());
    n.put("submitted_count", b.submitted());
    n.put("processed_count", b.processed());
    n.put("check_smtp", b.checkSmtp());
    n.put("callback_url", b.callbackUrl());
    n.put("created_at", b.createdAt().toString());
    n.put("completed_at", b.completedAt() == null ? null : b.completedAt().toString());
    if (b.error() != null) {
      n.put("error", b.error());
    }
    if (withResults && "completed".equals(b.status())) {
      n.set("results", results(batches.results(b.id(), 0, Integer.MAX_VALUE)));
    } else if (withResults) {
      n.putNull("results");
    }
    return n;
  }

  /**
   * A finished batch for a {@code batch.completed} hook: the batch without its results (they can
   * be many megabytes), the count per status, and where the results are.
   */
  ObjectNode summary(Batches.Batch b) {
    ObjectNode n = batch(b, false);
    n.put("id", b.id());
    ObjectNode counts = n.putObject("status_counts");
    for (String s : List.of("valid", "invalid", "risky", "disposable", "unknown")) {
      counts.put(s, 0);
    }
    batches.statusCounts(b.id()).forEach(counts::put);
    n.put("results_url", "/api/v1/batches/" + b.id() + "/results");
    return n;
  }

  ArrayNode results(List<@Nullable String> stored) {
    ArrayNode a = json.createArrayNode();
    for (String r : stored) {
      if (r == null) {
        a.addNull();
      } else {
        a.add(json.readTree(r));
      }
    }
    return a;
  }

  String write(Object node) {
    return json.writeValueAsString(node);
  }
}
