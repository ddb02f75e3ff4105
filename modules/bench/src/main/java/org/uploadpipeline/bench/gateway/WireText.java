package org.uploadpipeline.bench.gateway;

/**
 * The few fields the suite reads from a message's JSON text ({@code type}, {@code seq}, the {@code t=} stamp in
 * {@code message}), found by position instead of a full parse: the generator shares two cores with the gateway, so
 * every microsecond it spends per message is taken from what is measured. The texts are the gateway's and the suite's
 * own flat JSON, where these keys occur once.
 */
final class WireText {

  /** The prefix of the producer's {@code System.nanoTime()} stamp in a snapshot's {@code message}. */
  static final String STAMP = "t=";

  private static final String TYPE_KEY = "\"type\":\"";
  private static final String SEQ_KEY = "\"seq\":";
  private static final String STAMP_KEY = "\"message\":\"" + STAMP;

  private WireText() {}

  /** The {@code type} of a server message; empty when it has none. */
  static String type(String json) {
    int start = json.indexOf(TYPE_KEY);
    if (start < 0) {
      return "";
    }
    start += TYPE_KEY.length();
    return json.substring(start, json.indexOf('"', start));
  }

  /** The {@code seq} of a state message; -1 when it has none. */
  static long seq(String json) {
    return number(json, SEQ_KEY);
  }

  /** The producer's stamp (nanoTime) of the snapshot a message shows; -1 when it carries none. */
  static long stamp(String json) {
    return number(json, STAMP_KEY);
  }

  private static long number(String json, String key) {
    int start = json.indexOf(key);
    if (start < 0) {
      return -1;
    }
    long value = 0;
    boolean digits = false;
    for (int i = start + key.length(); i < json.length(); i++) {
      char c = json.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
      digits = true;
    }
    return digits ? value : -1;
  }
}
