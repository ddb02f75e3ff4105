package org.uploadpipeline.localstack;

import java.util.List;
import java.util.Map;

/**
 * What a harness may change in how the local stack runs its services: JVM options and extra environment variables
 * (limits, feature switches), on top of the stack's own. {@link #NONE} runs them as the README does.
 *
 * @param processorJvmArgs the processor's JVM options, replacing the default {@code -Xmx512m}
 * @param processorEnv environment variables added to the processor's
 * @param gatewayJvmArgs the gateway's JVM options, replacing the default {@code -Xmx512m}
 * @param gatewayEnv environment variables added to the gateway's
 */
public record ServiceOverrides(
    List<String> processorJvmArgs,
    Map<String, String> processorEnv,
    List<String> gatewayJvmArgs,
    Map<String, String> gatewayEnv) {

  /** The JVM options of both services unless overridden. */
  public static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx512m");

  public static final ServiceOverrides NONE = new ServiceOverrides(DEFAULT_JVM_ARGS, Map.of(), Map.of());

  public ServiceOverrides {
    processorJvmArgs = List.copyOf(processorJvmArgs);
    processorEnv = Map.copyOf(processorEnv);
    gatewayJvmArgs = List.copyOf(gatewayJvmArgs);
    gatewayEnv = Map.copyOf(gatewayEnv);
  }

  /** The gateway with its default JVM options. */
  public ServiceOverrides(
      List<String> processorJvmArgs, Map<String, String> processorEnv, Map<String, String> gatewayEnv) {
    this(processorJvmArgs, processorEnv, DEFAULT_JVM_ARGS, gatewayEnv);
  }
}
