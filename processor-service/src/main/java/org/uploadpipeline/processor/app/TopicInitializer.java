package org.uploadpipeline.processor.app;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.protocol.Topics;

/**
 * Creates the contract topics that do not exist yet, with their contract configs (compaction for progress and
 * aggregates). Existing topics are left as they are: in production they are declared by the platform.
 */
final class TopicInitializer {

  private static final Logger log = LoggerFactory.getLogger(TopicInitializer.class);

  private TopicInitializer() {}

  static void createMissing(Admin admin, Topics topics, int partitions) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          topics.all().stream()
              .filter(t -> !existing.contains(t.name()))
              // -1: the broker's default replication factor.
              .map(t -> t.newTopic(partitions, (short) -1))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
        log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw new IllegalStateException("cannot create the contract topics: " + e.getCause().getMessage(), e);
      }
    }
  }
}
