package org.uploadpipeline.bench.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/** One scrape of the gateway's {@code /actuator/prometheus}, parsed into samples. */
final class Prometheus {

  /** One sample line: {@code name{labels} value}. */
  record Sample(String name, String labels, double value) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<Sample> samples;

  private Prometheus(List<Sample> samples) {
    this.samples = samples;
  }

  /** Scrapes {@code http://127.0.0.1:<port>/actuator/prometheus} (5 s timeout). */
  static Prometheus scrape(int port) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
            .timeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("/actuator/prometheus answered " + response.statusCode());
    }
    List<Sample> samples = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      int nameEnd = brace >= 0 && brace < space ? brace : line.indexOf(' ');
      String labels = brace >= 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
      samples.add(new Sample(line.substring(0, nameEnd), labels, Double.parseDouble(line.substring(space + 1))));
    }
    return new Prometheus(samples);
  }

  /** The sum of the named metric over the samples whose labels pass; empty when no sample matched. */
  OptionalDouble sum(String name, Predicate<String> labels) {
    double total = 0;
    boolean found = false;
    for (Sample sample : samples) {
      if (sample.name().equals(name) && labels.test(sample.labels()) && !Double.isNaN(sample.value())) {
        total += sample.value();
        found = true;
      }
    }
    return found ? OptionalDouble.of(total) : OptionalDouble.empty();
  }

  /** The largest value of the named metric over the samples whose labels pass. */
  OptionalDouble max(String name, Predicate<String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && labels.test(s.labels()) && !Double.isNaN(s.value()))
        .mapToDouble(Sample::value)
        .max();
  }

  /** The samples whose metric name contains {@code part}, for discovering the names a gateway version exports. */
  List<Sample> named(String part) {
    return samples.stream().filter(s -> s.name().contains(part)).toList();
  }

  /**
   * A quantile of what a Prometheus histogram counted between {@code before} and this scrape: the upper bound
   * ({@code le}) of the first bucket holding it, in the metric's unit; NaN when nothing was counted.
   */
  double quantileSince(Prometheus before, String histogram, double quantile) {
    String buckets = histogram + "_bucket";
    java.util.TreeMap<Double, Double> counts = new java.util.TreeMap<>();
    for (Sample sample : samples) {
      if (sample.name().equals(buckets)) {
        double earlier = before.sum(buckets, sample.labels()::equals).orElse(0);
        counts.merge(upperBound(sample.labels()), sample.value() - earlier, Double::sum);
      }
    }
    double total = counts.isEmpty() ? 0 : counts.lastEntry().getValue();
    if (total <= 0) {
      return Double.NaN;
    }
    for (var bucket : counts.entrySet()) {
      if (bucket.getValue() >= quantile * total) {
        return bucket.getKey();
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  private static double upperBound(String labels) {
    int start = labels.indexOf("le=\"") + 4;
    String le = labels.substring(start, labels.indexOf('"', start));
    return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
  }
}
