package org.uploadpipeline.cli;

import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

/** Server messages as the gateway writes them. */
final class Messages {

  private Messages() {}

  static JsonNode status(long seq, String status, double progress, long rows, Long total) {
    return json("{\"type\":\"status\",\"upload_id\":\"u-1\",\"seq\":" + seq + ",\"status\":\"" + status
        + "\",\"message\":\"" + status + "\",\"progress\":" + progress + ",\"rows_processed\":" + rows
        + ",\"total_rows\":" + total + "}");
  }

  static JsonNode progress(long seq, double percent, long rows, Long total) {
    return json("{\"type\":\"progress\",\"upload_id\":\"u-1\",\"seq\":" + seq + ",\"percent\":" + percent
        + ",\"message\":\"Processing rows...\",\"current\":" + rows + ",\"total\":" + total + "}");
  }

  static JsonNode complete(long seq) {
    return json("{\"type\":\"complete\",\"upload_id\":\"u-1\",\"seq\":" + seq + ",\"message\":\"Processing completed\","
        + "\"results\":{\"upload_id\":\"u-1\",\"processed_rows\":10000,\"updated_rows\":9985,\"valid_rows\":9985,"
        + "\"invalid_rows\":15,\"data_quality_score\":99.9,\"aggregation_counts\":{\"raw_transactions\":9985,"
        + "\"daily_aggregations\":30,\"monthly_aggregations\":1,\"product_aggregations\":50},"
        + "\"row_errors\":[{\"line\":17,\"column\":\"cantidad\",\"message\":\"not a number: 'abc'\"}]}}");
  }

  static JsonNode failure(long seq, String details) {
    return json("{\"type\":\"error\",\"upload_id\":\"u-1\",\"seq\":" + seq + ",\"message\":\"Processing failed\","
        + "\"details\":\"" + details + "\"}");
  }

  static JsonNode json(String text) {
    return ProtocolJson.mapper().readTree(text);
  }
}
