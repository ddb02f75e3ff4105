package org.uploadpipeline.bench.gateway;

/** One row of the suite's closing markdown table. */
record ResultRow(String phase, String measure, String result) {

  static final String HEADER = "| phase | measure | result |\n|---|---|---|";

  String markdown() {
    return "| " + phase + " | " + measure + " | " + result + " |";
  }
}
