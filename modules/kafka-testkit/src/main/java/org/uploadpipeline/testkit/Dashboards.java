package org.uploadpipeline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

/** The Grafana dashboards in {@code docs/grafana}: which metrics their queries use, and which a scrape lacks. */
public final class Dashboards {

  /** A metric name where PromQL expects one: followed by a selector, a range, or the end of an aggregation. */
  private static final Pattern METRIC = Pattern.compile("\\b([a-z][a-z0-9_]*_[a-z0-9_]+)\\s*(?=\\{|\\[|\\))");
  private static final Set<String> FUNCTIONS = Set.of("histogram_quantile", "label_values", "label_replace");

  private Dashboards() {}

  /** The dashboard file of a service, found from the module directory a test runs in. */
  public static Path of(String service) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs/grafana"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no docs/grafana above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("docs/grafana/" + service + ".json");
  }

  /** Every metric the dashboard's panel queries use. */
  public static Set<String> metrics(Path dashboard) {
    JsonNode root;
    try {
      root = ProtocolJson.mapper().readTree(Files.readString(dashboard));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : root.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher matcher = METRIC.matcher(target.path("expr").asString(""));
        while (matcher.find()) {
          if (!FUNCTIONS.contains(matcher.group(1))) {
            names.add(matcher.group(1));
          }
        }
      }
    }
    return names;
  }

  /** The dashboard's metrics that have no sample in a Prometheus scrape. */
  public static List<String> missingFrom(Path dashboard, String scrape) {
    List<String> missing = new ArrayList<>();
    for (String name : metrics(dashboard)) {
      Pattern sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]");
      if (!sample.matcher(scrape).find()) {
        missing.add(name);
      }
    }
    return missing;
  }
}
