package org.uploadpipeline.scenarios;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.testkit.SalesUpload;

/** The broker dies mid-upload (SIGKILL, restarted at once) or is stopped for a while; every upload still ends exact. */
final class BrokerScenarios {

  private BrokerScenarios() {}

  static List<Scenario> all() {
    return List.of(new Outage("broker-kill", true), new Outage("broker-outage", false));
  }

  static final class Outage implements Scenario {
    private final String name;
    private final boolean kill;

    Outage(String name, boolean kill) {
      this.name = name;
      this.kill = kill;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
      String id = name + "-" + Long.toHexString(ctx.random.nextLong());
      SalesUpload upload =
          SalesUpload.generate(ctx.random.nextLong(), ctx.mode.rows(), ProcessorScenarios.MANY_PRODUCTS);
      ctx.submit(id, "acme", upload);
      ctx.awaitRows(id, ctx.mode.rows() / 3);
      Duration down = kill ? Duration.ofSeconds(1) : ctx.mode.brokerOutage();
      if (kill) {
        ctx.stack.kill(LocalStack.BROKER);
      } else {
        ctx.stack.stop(LocalStack.BROKER);
      }
      TimeUnit.MILLISECONDS.sleep(down.toMillis());
      long start = System.nanoTime();
      ctx.stack.restart(LocalStack.BROKER);
      ctx.verifyExact(id, upload);
      ctx.figure(kill ? "kills" : "stops", 1);
      ctx.figure("broker down s", down.toSeconds());
      ctx.figure("seconds from broker back to completed", (System.nanoTime() - start) / 1_000_000_000L);
    }
  }
}
