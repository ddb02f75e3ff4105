package org.uploadpipeline.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.uploadpipeline.protocol.Topics;

/** Topic helpers on the shared test broker. Every test uses its own topic names so tests never see each other. */
public final class TestTopics {

  private TestTopics() {}

  /** A topic-safe name unique to this JVM run, e.g. {@code late-joiner-3f2a9c1b}. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The contract topics under names unique to one test, not yet created. */
  public static Topics uniqueContractTopics(String prefix) {
    String base = uniqueName(prefix);
    return Topics.named(
        base + ".jobs", base + ".progress", base + ".aggregates", base + ".jobs.dlq", base + ".commands");
  }

  /** Creates the contract topics with their contract configs (compaction for progress and aggregates). */
  public static Topics createContractTopics(Topics topics, int partitions) {
    create(topics.all().stream().map(t -> t.newTopic(partitions, (short) 1)).toArray(NewTopic[]::new));
    return topics;
  }

  /** Creates topics and waits until the broker has them. */
  public static void create(NewTopic... topics) {
    try (Admin admin = TestKafka.admin()) {
      admin.createTopics(Arrays.asList(topics)).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics " + List.of(topics), e.getCause());
    }
  }

  /** The topic's configs as the broker reports them, name → value. */
  public static Map<String, String> describeConfig(String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin = TestKafka.admin()) {
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      return config.entries().stream()
          .filter(e -> e.value() != null)
          .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot describe topic " + topic, e.getCause());
    }
  }
}
