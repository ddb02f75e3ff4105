package org.uploadpipeline.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks, before anything starts, that the ports it needs are free, so a stack never talks to another one. */
final class PortCheck {

  private PortCheck() {}

  /**
   * @throws IllegalStateException naming the port and who needs it, when something already listens there
   */
  static void requireFree(int port, String what, String option) {
    try (ServerSocket socket = new ServerSocket()) {
      // As the services bind: connections of a stopped stack in TIME_WAIT do not count, a listener does.
      socket.setReuseAddress(true);
      // The wildcard address: taken if anything listens on the port on any address of this machine.
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Port " + port + " (" + what + ") is already in use: is another local stack still running or stopping? "
              + "Stop it, or choose another port with " + option + ".");
    }
  }
}
